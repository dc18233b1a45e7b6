package io.pitcrew.incident;

import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runbook's incident rules, without a database. */
class LifecycleTest {

    static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    static Incident declared(Severity s) {
        return Lifecycle.declare(1, Declaration.of("LiteLLM 401s", s), "alice", AT).incident();
    }

    @Test
    void forwardMayStepOverAStatusButBackNeedsAReason() {
        Incident i = declared(Severity.P2);
        Incident monitoring = Lifecycle.status(i, IncidentStatus.MONITORING, "", "alice", AT.plusSeconds(60)).incident();
        assertThat(monitoring.times().mitigated()).contains(AT.plusSeconds(60));
        assertThatThrownBy(() -> Lifecycle.status(monitoring, IncidentStatus.INVESTIGATING, " ", "alice", AT))
                .isInstanceOf(ChangeRefused.class).hasMessageContaining("needs a reason");
        Changed back = Lifecycle.status(monitoring, IncidentStatus.INVESTIGATING, "errors are back", "alice", AT);
        assertThat(back.entries().getFirst().text()).isEqualTo("monitoring → investigating — errors are back");
    }

    @Test
    void resolvedIsReachedOnlyWithARootCauseAndReopenedOnlyWithAReason() {
        Incident i = declared(Severity.P3);
        assertThatThrownBy(() -> Lifecycle.status(i, IncidentStatus.RESOLVED, "", "alice", AT)).hasMessageContaining("--root-cause");
        assertThatThrownBy(() -> Lifecycle.resolve(i, "", "alice", AT)).hasMessageContaining("root cause");
        Incident resolved = Lifecycle.resolve(i, "rotator restarted workspaces", "alice", AT).incident();
        assertThat(resolved.times().resolved()).contains(AT);
        assertThatThrownBy(() -> Lifecycle.status(resolved, IncidentStatus.IDENTIFIED, "", "bob", AT)).hasMessageContaining("reason");
        Incident reopened = Lifecycle.status(resolved, IncidentStatus.IDENTIFIED, "restarts again", "bob", AT).incident();
        assertThat(reopened.open()).isTrue();
        assertThat(reopened.times().resolved()).isEmpty();
    }

    @Test
    void aP1NeedsItsCommanderBeforeLeavingInvestigatingAndAP2DoesNot() {
        assertThatThrownBy(() -> Lifecycle.resolve(declared(Severity.P1), "x", "alice", AT))
                .hasMessageContaining("pitcrew incident assign INC-1 commander NAME");
        assertThat(Lifecycle.status(declared(Severity.P2), IncidentStatus.IDENTIFIED, "", "alice", AT).incident().status())
                .isEqualTo(IncidentStatus.IDENTIFIED);
    }

    @Test
    void checklistItemsAreCheckedByNameOnceAndUnknownOnesAreBadInput() {
        Incident i = declared(Severity.P2);
        Changed c = Lifecycle.check(i, List.of("runbook-updated"), true, "bob", AT);
        assertThat(c.incident().checklist().item("runbook-updated").orElseThrow().checkedBy()).isEqualTo("bob");
        assertThatThrownBy(() -> Lifecycle.check(c.incident(), List.of("runbook-updated"), true, "bob", AT)).hasMessageContaining("already");
        assertThatThrownBy(() -> Lifecycle.check(i, List.of("coffee"), true, "bob", AT)).hasMessageContaining("items: resolved, root-cause");
        assertThat(Lifecycle.autoCheck(c.incident(), "runbook-updated", "x", AT)).isEmpty();
    }

    @Test
    void rolesHaveOneSpelling() {
        Incident i = Lifecycle.assign(declared(Severity.P1), "Incident Commander", "alice", "alice", AT).incident();
        assertThat(i.commander()).contains("alice");
        Changed again = Lifecycle.assign(i, "ic", "bob", "bob", AT);
        assertThat(again.entries().getFirst().text()).isEqualTo("commander: bob (was alice)");
        assertThat(Incident.number("inc-12")).isEqualTo(12);
        assertThatThrownBy(() -> Incident.number("INC-x")).isInstanceOf(IllegalArgumentException.class);
    }
}
