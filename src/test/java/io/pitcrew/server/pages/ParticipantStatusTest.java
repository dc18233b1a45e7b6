package io.pitcrew.server.pages;

import io.pitcrew.check.Evidence;
import io.pitcrew.incident.Changed;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Lifecycle;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.runbook.Step;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page's picture: the impact table, the participant updates, and what it must never say. */
class ParticipantStatusTest {

    static final List<String> REGIONS = List.of("us-east-2", "us-west-2", "eu-west-2");
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    static Finding finding(String type, String cause, Severity severity, String... regions) {
        return new Finding(type, cause, "title of " + cause, severity, List.of(regions), "summary", 1,
                List.of(new Evidence(regions.length == 0 ? "" : regions[0], "Pod", "coder-workspaces", "canary-pod-7f3a", "canary-evidence-detail")),
                List.of(new Step("canary-step", "kubectl delete pod canary-pod-7f3a")), "docs/runbook.md", List.of());
    }

    /** Region → component → state, for the regions and components that are not operational. */
    static Map<String, String> outages(ParticipantStatus s) {
        Map<String, String> out = new TreeMap<>();
        for (var r : s.regions()) for (var c : r.components()) {
            if (c.state() != StatusImpact.State.OPERATIONAL) out.put(r.name() + "/" + c.id().id(), c.state().id());
        }
        return out;
    }

    @Test
    void healthyIsOperationalEverywhere() {
        ParticipantStatus s = ParticipantStatus.of(REGIONS, List.of(), List.of(), NOW);
        assertThat(s.overall()).isEqualTo(StatusImpact.State.OPERATIONAL);
        assertThat(s.regions()).extracting(ParticipantStatus.RegionView::name).containsExactlyElementsOf(REGIONS);
        assertThat(s.regions()).allSatisfy(r -> assertThat(r.components()).extracting(c -> c.id().id())
                .containsExactly("workspaces", "ai-assistants", "workspace-urls"));
        assertThat(outages(s)).isEmpty();
        assertThat(s.incidents()).isEmpty();
    }

    @ParameterizedTest(name = "{0}/{1} {2} → {3} {4}")
    @CsvSource({
            "workspace-restarts,   ephemeral-storage-exhaustion, P1, workspaces,     partial-outage",
            "workspace-restarts,   resource-contention,          P2, workspaces,     degraded",
            "resource-contention,  too-many-workspaces,          P2, workspaces,     degraded",
            "resource-contention,  insufficient-node-capacity,   P1, workspaces,     partial-outage",
            "image-pull,           registry-auth,                P1, workspaces,     partial-outage",
            "provisioner-failures, builds-stuck,                 P0, workspaces,     major-outage",
            "litellm-auth,         litellm-outage,               P1, ai-assistants,  major-outage",
            "litellm-auth,         credentials-expired,          P1, ai-assistants,  major-outage",
            "litellm-auth,         upstream-rate-limited,        P2, ai-assistants,  degraded",
            "litellm-auth,         key-rotation,                 P1, ai-assistants,  partial-outage",
            "subdomain-routing,    load-balancer-not-ready,      P1, workspace-urls, major-outage",
            "subdomain-routing,    dns-misconfiguration,         P1, workspace-urls, major-outage",
            "subdomain-routing,    health-check-failing,         P1, workspace-urls, partial-outage",
            "subdomain-routing,    image-version-mismatch,       P2, workspace-urls, degraded",
            "my-own-type,          my-cause,                     P1, workspaces,     partial-outage",
    })
    void eachIncidentTypeMarksItsComponentInItsRegion(String type, String cause, Severity severity, String component, String state) {
        ParticipantStatus s = ParticipantStatus.of(REGIONS, List.of(finding(type, cause, severity, "us-west-2")), List.of(), NOW);
        assertThat(outages(s)).containsExactly(Map.entry("us-west-2/" + component, state));
        assertThat(s.overall().id()).isEqualTo(state);
    }

    @Test
    void coderdDownInTheControlPlaneIsAnOutageOfEveryRegion() {
        ParticipantStatus s = ParticipantStatus.of(REGIONS, List.of(finding("subdomain-routing", "coderd-down", Severity.P0, "us-east-2")), List.of(), NOW);
        for (String region : REGIONS) {
            assertThat(outages(s)).containsEntry(region + "/workspaces", "major-outage").containsEntry(region + "/workspace-urls", "major-outage");
        }
        ParticipantStatus dns = ParticipantStatus.of(REGIONS, List.of(finding("subdomain-routing", "coredns-down", Severity.P1, "eu-west-2")), List.of(), NOW);
        assertThat(outages(dns)).containsOnlyKeys("eu-west-2/ai-assistants", "eu-west-2/workspace-urls", "eu-west-2/workspaces");
    }

    @Test
    void lowSeverityHasNoUserImpact() {
        ParticipantStatus s = ParticipantStatus.of(REGIONS, List.of(finding("litellm-auth", "key-rotation-pause-overdue", Severity.P3, "us-east-2")), List.of(), NOW);
        assertThat(outages(s)).isEmpty();
    }

    @Test
    void anUnreachableRegionAffectsAllItsComponentsAndNoOtherRegion() {
        ParticipantStatus s = ParticipantStatus.of(REGIONS, List.of(finding("region-unreachable", "connection-refused", Severity.P1, "eu-west-2")), List.of(), NOW);
        assertThat(outages(s)).containsExactly(Map.entry("eu-west-2/ai-assistants", "partial-outage"),
                Map.entry("eu-west-2/workspace-urls", "partial-outage"), Map.entry("eu-west-2/workspaces", "partial-outage"));
    }

    @Test
    void theWorstFindingWinsAndAFindingWithoutRegionConcernsAll() {
        ParticipantStatus s = ParticipantStatus.of(REGIONS, List.of(
                finding("workspace-restarts", "resource-contention", Severity.P2, "us-east-2"),
                finding("workspace-restarts", "node-capacity-exceeded", Severity.P0, "us-east-2"),
                finding("subdomain-routing", "health-check-failing", Severity.P2)), List.of(), NOW);
        assertThat(outages(s)).containsEntry("us-east-2/workspaces", "major-outage")
                .containsEntry("us-west-2/workspace-urls", "degraded").containsEntry("eu-west-2/workspace-urls", "degraded");
        assertThat(s.overall()).isEqualTo(StatusImpact.State.MAJOR_OUTAGE);
    }

    /** An incident as the store would have it, with its log; every step after declare is a responder's. */
    static final class Story {
        Incident incident;
        final List<TimelineEntry> log = new ArrayList<>();
        Instant at = NOW.minus(Duration.ofMinutes(30));

        Story(Declaration d) {
            apply(Lifecycle.declare(1, d, "canary-actor", at));
        }

        Story apply(Changed c) {
            incident = c.incident();
            log.addAll(c.entries());
            at = at.plusSeconds(60);
            return this;
        }

        Story line(TimelineEntry.Kind kind, String text) {
            log.add(TimelineEntry.of(at, "canary-actor", kind, text));
            at = at.plusSeconds(60);
            return this;
        }

        ParticipantStatus.IncidentLog get() {
            return new ParticipantStatus.IncidentLog(incident, List.copyOf(log));
        }
    }

    static Declaration declaration(Severity severity, List<LinkedFinding> findings, List<String> regions) {
        return new Declaration("canary-title INC title with pod canary-pod-7f3a", severity, "", Optional.empty(), Optional.empty(),
                regions, findings, Optional.of("canary-commander"));
    }

    @Test
    void participantUpdatesCarryTheStatusTheyWereWrittenInNewestFirst() {
        Story s = new Story(declaration(Severity.P1, List.of(new LinkedFinding("litellm-auth", "credentials-expired", "P1", List.of("us-east-2"), "canary-linked-title")), List.of()));
        s.line(TimelineEntry.Kind.UPDATE, "AI assistants are failing; we are looking into it");
        s.line(TimelineEntry.Kind.NOTE, "canary-note: pod canary-pod-7f3a logs say token expired");
        s.apply(Lifecycle.status(s.incident, IncidentStatus.IDENTIFIED, "", "canary-actor", s.at));
        s.line(TimelineEntry.Kind.UPDATE, "We found the cause and are fixing it");
        ParticipantStatus status = ParticipantStatus.of(REGIONS, List.of(), List.of(s.get()), NOW);

        assertThat(status.incidents()).hasSize(1);
        ParticipantStatus.PublicIncident i = status.incidents().getFirst();
        assertThat(i.status()).isEqualTo("identified");
        assertThat(i.affects()).isEqualTo("AI assistants in us-east-2");
        assertThat(i.updates()).extracting(ParticipantStatus.Update::status, ParticipantStatus.Update::message).containsExactly(
                Tuple.tuple("identified", "We found the cause and are fixing it"),
                Tuple.tuple("investigating", "AI assistants are failing; we are looking into it"));
        // the open incident itself marks its component, at its own severity, even with no finding active
        assertThat(outages(status)).containsExactly(Map.entry("us-east-2/ai-assistants", "major-outage"));
    }

    @Test
    void aResolvedIncidentSaysSoWithoutItsRootCauseAndStopsMarkingComponents() {
        Story s = new Story(declaration(Severity.P2, List.of(), List.of("us-west-2")));
        s.line(TimelineEntry.Kind.UPDATE, "Some workspaces restart");
        s.apply(Lifecycle.resolve(s.incident, "canary-root-cause in secret canary-secret-name", "canary-actor", s.at));
        ParticipantStatus status = ParticipantStatus.of(REGIONS, List.of(), List.of(s.get()), NOW);
        assertThat(outages(status)).isEmpty();
        assertThat(status.incidents().getFirst().status()).isEqualTo("resolved");
        assertThat(status.incidents().getFirst().updates().getFirst().message()).isEqualTo("This incident has been resolved.");
        assertThat(status.incidents().getFirst().affects()).isEqualTo("Workspaces in us-west-2");

        // and after a day it is gone from the page
        assertThat(ParticipantStatus.of(REGIONS, List.of(), List.of(s.get()), NOW.plus(Duration.ofHours(25))).incidents()).isEmpty();
    }

    @Test
    void anIncidentWithoutUserImpactIsNotShown() {
        Story s = new Story(declaration(Severity.P3, List.of(), List.of("us-west-2")));
        assertThat(ParticipantStatus.of(REGIONS, List.of(), List.of(s.get()), NOW).incidents()).isEmpty();
    }

    @Test
    void monitoringWeighsNoMoreThanDegraded() {
        Story s = new Story(declaration(Severity.P0, List.of(), List.of("us-west-2")));
        s.apply(Lifecycle.status(s.incident, IncidentStatus.MONITORING, "", "canary-actor", s.at));
        assertThat(outages(ParticipantStatus.of(REGIONS, List.of(), List.of(s.get()), NOW)))
                .containsExactly(Map.entry("us-west-2/workspaces", "degraded"));
    }

    /** Everything internal is seeded with "canary"; the public JSON and HTML must contain none of it. */
    @Test
    void neverLeaksPodNamesEvidenceNotesTitlesOrNames() {
        Story s = new Story(declaration(Severity.P1, List.of(new LinkedFinding("workspace-restarts", "ephemeral-storage-exhaustion", "P1", List.of("us-west-2"), "canary-linked-title")), List.of()));
        s.line(TimelineEntry.Kind.NOTE, "canary-note");
        s.line(TimelineEntry.Kind.DECISION, "canary-decision");
        s.line(TimelineEntry.Kind.ACTION, "canary-action deleted pod canary-pod-7f3a");
        s.apply(Lifecycle.assign(s.incident, "comms", "canary-comms", "canary-actor", s.at));
        s.apply(Lifecycle.severity(s.incident, Severity.P0, "canary-severity-reason", "canary-actor", s.at));
        s.line(TimelineEntry.Kind.UPDATE, "Workspaces in us-west-2 may restart");
        ParticipantStatus status = ParticipantStatus.of(REGIONS, List.of(
                finding("workspace-restarts", "ephemeral-storage-exhaustion", Severity.P1, "us-west-2"),
                finding("image-pull", "registry-auth", Severity.P1, "us-east-2")), List.of(s.get()), NOW);
        String json = StatusPage.json(status);
        String html = StatusHtml.render(status, NOW).html();
        assertThat(json).contains("Workspaces in us-west-2 may restart").doesNotContain("canary");
        assertThat(html).contains("Workspaces in us-west-2 may restart").doesNotContain("canary");
    }
}
