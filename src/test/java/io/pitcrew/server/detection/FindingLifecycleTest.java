package io.pitcrew.server.detection;

import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** new → ongoing → resolved by time and sightings; a flapping fault stays one finding. */
class FindingLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final FindingLifecycle lifecycle = new FindingLifecycle(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofHours(1));

    private static Finding finding(Severity severity, String... regions) {
        return new Finding("workspace-restarts", "resource-contention", "Resource contention", severity, List.of(regions),
                "summary", 1, List.of(), List.of(), "docs/runbook.md#workspace-restarts", List.of());
    }

    private static List<String> changes(List<TrackedFinding.Change> changes) {
        return changes.stream().map(c -> c.change() + " " + c.finding().id()).toList();
    }

    @Test
    void aFindingIsNewThenOngoingThenResolvedAfterTheGrace() {
        String id = "workspace-restarts/resource-contention/eu-west-2";
        assertThat(changes(lifecycle.update(List.of(finding(Severity.P1, "eu-west-2")), Set.of(), T0))).containsExactly("new " + id);
        assertThat(changes(lifecycle.update(List.of(finding(Severity.P1, "eu-west-2")), Set.of(), T0.plusSeconds(10)))).isEmpty();
        assertThat(changes(lifecycle.tick(T0.plusSeconds(60)))).containsExactly("ongoing " + id);
        assertThat(changes(lifecycle.update(List.of(), Set.of(), T0.plusSeconds(70)))).isEmpty();
        assertThat(changes(lifecycle.tick(T0.plusSeconds(99)))).isEmpty();
        assertThat(changes(lifecycle.tick(T0.plusSeconds(100)))).containsExactly("resolved " + id);
        TrackedFinding resolved = lifecycle.all().getFirst();
        assertThat(resolved.state()).isEqualTo(TrackedFinding.State.RESOLVED);
        assertThat(resolved.firstSeen()).isEqualTo(T0);
        assertThat(resolved.lastSeen()).isEqualTo(T0.plusSeconds(10));
        assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(70));
        lifecycle.tick(T0.plusSeconds(70).plus(Duration.ofHours(1)));
        assertThat(lifecycle.all()).isEmpty();
    }

    @Test
    void aFaultThatFlapsWithinTheGraceStaysOneFinding() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.addAll(changes(lifecycle.update(i % 2 == 0 ? List.of(finding(Severity.P2, "us-west-2")) : List.of(), Set.of(), T0.plusSeconds(i * 5L))));
        }
        assertThat(all).containsExactly("new workspace-restarts/resource-contention/us-west-2");
        assertThat(lifecycle.all()).singleElement().satisfies(t -> assertThat(t.active()).isTrue());
    }

    @Test
    void aSeverityChangeIsAChangeAndADifferentRegionSetIsAnotherFinding() {
        lifecycle.update(List.of(finding(Severity.P2, "us-west-2")), Set.of(), T0);
        assertThat(changes(lifecycle.update(List.of(finding(Severity.P1, "us-west-2")), Set.of(), T0.plusSeconds(1))))
                .containsExactly("severity workspace-restarts/resource-contention/us-west-2");
        assertThat(changes(lifecycle.update(List.of(finding(Severity.P1, "us-west-2", "eu-west-2")), Set.of(), T0.plusSeconds(2))))
                .containsExactly("new workspace-restarts/resource-contention/eu-west-2,us-west-2");
    }

    @Test
    void aFindingOfARegionThatCannotBeObservedIsNotResolved() {
        lifecycle.update(List.of(finding(Severity.P1, "eu-west-2")), Set.of(), T0);
        lifecycle.update(List.of(), Set.of("eu-west-2"), T0.plusSeconds(5));
        assertThat(changes(lifecycle.tick(T0.plusSeconds(600)))).doesNotContain("resolved workspace-restarts/resource-contention/eu-west-2");
        assertThat(lifecycle.all()).singleElement().satisfies(t -> assertThat(t.active()).isTrue());
    }
}
