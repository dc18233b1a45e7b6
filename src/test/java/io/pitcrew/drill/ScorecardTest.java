package io.pitcrew.drill;

import io.pitcrew.doctor.Doctor;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.AuditEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A drill's score from its facts: what counts as detection, acknowledgement and mitigation, and which fixes were wrong. */
class ScorecardTest {

    static final Runbook RUNBOOK = Doctor.loadRunbook(Optional.empty());
    static final Instant START = Instant.parse("2026-11-25T14:00:00Z");
    static final Instant FAULT = START.plusSeconds(60);
    static final Instant END = START.plusSeconds(1200);
    static final String RIGHT = "provisioner-failures/insufficient-provisioners";

    static Drill drill(String... scenarios) {
        return new Drill(3, START, FAULT, List.of(scenarios), "/tmp/lab", "facilitator", Optional.empty());
    }

    static DrillFacts.Fault fault(String scenario, String finding, Instant mitigated) {
        return new DrillFacts.Fault(scenario, "what it is", "what participants say", finding, Optional.ofNullable(mitigated), true);
    }

    static Instant at(int secondsAfterFault) {
        return FAULT.plusSeconds(secondsAfterFault);
    }

    static AuditEntry audit(long id, int after, String action, String result) {
        return new AuditEntry(id, at(after), "bob", action, "{}", "[]", result, "", Optional.empty(), Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    static Incident incident(long number, int declaredAfter, Integer acknowledgedAfter, String finding) {
        String[] f = finding.split("/");
        Declaration d = new Declaration("builds queue", Severity.P2, "", Optional.empty(), Optional.empty(), List.of(),
                List.of(new LinkedFinding(f[0], f[1], "P2", List.of("us-east-2"), "title")), Optional.empty());
        Incident i = Lifecycle.declare(number, d, "alice", at(declaredAfter)).incident();
        return acknowledgedAfter == null ? i : Lifecycle.acknowledge(i, "alice", at(acknowledgedAfter)).incident();
    }

    static DrillFacts facts(List<DrillFacts.Fault> faults, List<Sighting> sightings, List<Incident> incidents, List<AuditEntry> audit) {
        return new DrillFacts(drill("provisioner-shortage"), END, "ended", Optional.of(FAULT), faults, sightings, incidents, audit);
    }

    @Test
    void detectionIsTheFirstRightFindingAfterTheFaultByDoctorServeOrALinkedIncident() {
        Scorecard s = Scorecard.of(facts(List.of(fault("provisioner-shortage", RIGHT, at(300))),
                List.of(new Sighting(FAULT.minusSeconds(5), Sighting.DOCTOR, RIGHT, List.of()),      // before the fault: not it
                        new Sighting(at(20), Sighting.SERVE, "image-pull/registry-auth", List.of()), // the wrong cause
                        new Sighting(at(95), Sighting.DOCTOR, RIGHT, List.of("us-east-2")),
                        new Sighting(at(130), Sighting.SERVE, RIGHT, List.of("us-east-2"))),
                List.of(incident(1, 120, 150, RIGHT)), List.of()), RUNBOOK);
        assertThat(s.timeToDetect()).isEqualTo(95L);
        assertThat(s.detectedBy()).isEqualTo("doctor");
        assertThat(s.timeToAcknowledge()).isEqualTo(150L);
        assertThat(s.timeToMitigate()).isEqualTo(300L);
        assertThat(s.mitigated()).isTrue();
        assertThat(s.sightings()).extracting(Scorecard.Seen::right).containsExactly(true, false, true, true);
        assertThat(s.sightings().getFirst().after()).isEqualTo(-5L);
    }

    @Test
    void anIncidentLinkedToTheRightCauseDetectsWhenNobodyRanDoctorAndAnUnlinkedOneDoesNot() {
        Scorecard linked = Scorecard.of(facts(List.of(fault("provisioner-shortage", RIGHT, null)), List.of(),
                List.of(incident(2, 40, null, RIGHT)), List.of()), RUNBOOK);
        assertThat(linked.timeToDetect()).isEqualTo(40L);
        assertThat(linked.detectedBy()).isEqualTo("INC-2");
        assertThat(linked.timeToAcknowledge()).isNull();
        assertThat(linked.mitigated()).isFalse();
        assertThat(linked.timeToMitigate()).isNull();

        Scorecard unlinked = Scorecard.of(facts(List.of(fault("provisioner-shortage", RIGHT, null)), List.of(),
                List.of(incident(2, 40, 45, "image-pull/registry-auth")), List.of()), RUNBOOK);
        assertThat(unlinked.timeToDetect()).isNull();
        assertThat(unlinked.timeToAcknowledge()).isNull();
    }

    @Test
    void aCompoundDrillIsMitigatedWhenItsLastFaultIs() {
        DrillFacts both = new DrillFacts(drill("provisioner-shortage", "litellm-capacity"), END, "ended", Optional.of(FAULT),
                List.of(fault("provisioner-shortage", RIGHT, at(200)), fault("litellm-capacity", "litellm-auth/litellm-capacity-exceeded", at(500))),
                List.of(), List.of(), List.of());
        Scorecard s = Scorecard.of(both, RUNBOOK);
        assertThat(s.scenario()).isEqualTo("provisioner-shortage,litellm-capacity");
        assertThat(s.timeToMitigate()).isEqualTo(500L);
        assertThat(s.faults()).extracting(Scorecard.FaultScore::timeToMitigate).containsExactly(200L, 500L);

        DrillFacts half = new DrillFacts(drill("provisioner-shortage", "litellm-capacity"), END, "ended", Optional.of(FAULT),
                List.of(fault("provisioner-shortage", RIGHT, at(200)), fault("litellm-capacity", "litellm-auth/litellm-capacity-exceeded", null)),
                List.of(), List.of(), List.of());
        assertThat(Scorecard.of(half, RUNBOOK).mitigated()).isFalse();
        assertThat(Scorecard.of(half, RUNBOOK).timeToMitigate()).isNull();
    }

    @Test
    void fixesAreJudgedAgainstTheRunbooksPathForTheCause() {
        Scorecard s = Scorecard.of(facts(List.of(fault("provisioner-shortage", RIGHT, at(300))), List.of(), List.of(),
                List.of(audit(1, 100, "restart-coder", "applied"),
                        audit(2, 110, "restart-coder", "verified"),
                        audit(3, 200, "scale-provisioners", "refused"),
                        audit(4, 250, "scale-provisioners", "applied"))), RUNBOOK);
        assertThat(s.actions()).extracting(Scorecard.ActionTaken::audit).containsExactly(1L, 3L, 4L);
        assertThat(s.wrongActions()).extracting(Scorecard.ActionTaken::action).containsExactly("restart-coder");
        assertThat(s.refusedActions()).extracting(Scorecard.ActionTaken::audit).containsExactly(3L);
        Scorecard.RunbookPath path = s.runbook().getFirst();
        assertThat(path.fix()).containsExactly("scale-provisioners");
        assertThat(path.taken()).containsExactly("scale-provisioners");
        assertThat(path.missed()).isEmpty();
        assertThat(path.steps()).isNotEmpty();

        Scorecard none = Scorecard.of(facts(List.of(fault("provisioner-shortage", RIGHT, null)), List.of(), List.of(), List.of()), RUNBOOK);
        assertThat(none.runbook().getFirst().missed()).containsExactly("scale-provisioners");
        assertThat(none.actions()).isEmpty();
    }

    @Test
    void aFaultNeverInjectedHasNoTimesAtAll() {
        DrillFacts never = new DrillFacts(drill("provisioner-shortage"), END, "ended", Optional.empty(),
                List.of(fault("provisioner-shortage", RIGHT, null)),
                List.of(new Sighting(at(10), Sighting.DOCTOR, RIGHT, List.of())), List.of(incident(1, 20, 30, RIGHT)), List.of());
        Scorecard s = Scorecard.of(never, RUNBOOK);
        assertThat(s.faultAt()).isNull();
        assertThat(s.timeToDetect()).isNull();
        assertThat(s.timeToAcknowledge()).isNull();
        assertThat(s.timeToMitigate()).isNull();
        assertThat(s.mitigated()).isFalse();
        assertThat(ScorecardText.table(s)).contains("not detected").contains("the fault was never injected");
    }
}
