package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class KarpenterNodeClaimsCheckTest {

    private final KarpenterNodeClaimsCheck check = new KarpenterNodeClaimsCheck();

    @Test
    void launchFailedNotLaunchedInTimeAndNotRegisteredInTimeAreFailures() {
        List<Signal> signals = region().nodeClaims(
                nodeClaim("workspaces-abc12", List.of(condition("Launched", "Unknown", "LaunchFailed",
                        "insufficient capacity, all requested instance types were unavailable during launch",
                        ago(Duration.ofMinutes(1))))),
                nodeClaim("workspaces-def34", List.of(condition("Launched", "Unknown", "AwaitingReconciliation",
                        "object is awaiting reconciliation", ago(Duration.ofMinutes(7))))),
                nodeClaim("workspaces-ghi56", List.of(
                        condition("Launched", "True", "Launched", "", ago(Duration.ofMinutes(17))),
                        condition("Registered", "Unknown", "NodeNotFound", "Node not registered with cluster",
                                ago(Duration.ofMinutes(17))))))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("nodeclaim-launch-failed");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(3);
            assertThat(s.evidence()).extracting(Evidence::detail).containsExactly(
                    "Launched=Unknown LaunchFailed: insufficient capacity, all requested instance types were unavailable during launch",
                    "not Launched after 7m: Launched=Unknown AwaitingReconciliation: object is awaiting reconciliation",
                    "not Registered after 17m: Registered=Unknown NodeNotFound: Node not registered with cluster");
            assertThat(s.evidence().getFirst().ref()).isEqualTo("NodeClaim workspaces-abc12");
        });
    }

    @Test
    void aClaimIsOverdueBeforeKarpenterDeletesItAtItsOwnTimeout() {
        // liveness.go: Karpenter deletes a claim not Launched 5 min, or not Registered 15 min, after the condition's
        // lastTransitionTime, and makes a new one; waiting for its timeout would see the failing claims only by chance
        List<Signal> signals = region().nodeClaims(
                nodeClaim("workspaces-jkl78", List.of(condition("Launched", "Unknown", "AwaitingReconciliation",
                        "object is awaiting reconciliation", ago(Duration.ofMinutes(4))))),
                nodeClaim("workspaces-mno90", List.of(
                        condition("Launched", "True", "Launched", "", ago(Duration.ofMinutes(8))),
                        condition("Registered", "Unknown", "NodeNotFound", "Node not registered with cluster",
                                ago(Duration.ofMinutes(8))))))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> assertThat(s.evidence()).extracting(Evidence::detail).containsExactly(
                "not Launched after 4m: Launched=Unknown AwaitingReconciliation: object is awaiting reconciliation",
                "not Registered after 8m: Registered=Unknown NodeNotFound: Node not registered with cluster"));
    }

    /** As Karpenter's recorder writes it: core/v1, in namespace default, about the cluster-scoped claim. */
    private static Event claimEvent(String claim, String reason, String error, int count, Instant last) {
        return new EventBuilder().withNewMetadata().withName(claim + ".18a2b3c4d5e6f789").withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind("NodeClaim").withApiVersion("karpenter.sh/v1").withName(claim).endInvolvedObject()
                .withType("Warning").withReason(reason).withMessage("NodeClaim " + claim + " event: " + error)
                .withCount(count).withFirstTimestamp(last.minus(Duration.ofMinutes(3)).toString()).withLastTimestamp(last.toString())
                .withNewSource().withComponent("karpenter").endSource().build();
    }

    @Test
    void aClaimDeletedForInsufficientCapacityIsToldByItsWarningEvent() {
        // launch.go deletes a claim EC2 has no capacity for at once: the event is all that is left of it
        List<Signal> signals = region()
                .events(claimEvent("workspaces-pqr12", "InsufficientCapacityError",
                                "creating instance, insufficient capacity, all requested instance types were unavailable during launch",
                                6, ago(Duration.ofSeconds(40))),
                        claimEvent("workspaces-old01", "InsufficientCapacityError", "creating instance, insufficient capacity",
                                1, ago(Duration.ofHours(1))))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.affected()).isEqualTo(1);
            assertThat(s.evidence()).singleElement().satisfies(e -> {
                assertThat(e.ref()).isEqualTo("NodeClaim workspaces-pqr12");
                assertThat(e.detail()).isEqualTo("InsufficientCapacityError: NodeClaim workspaces-pqr12 event: creating instance, "
                        + "insufficient capacity, all requested instance types were unavailable during launch (x6, last 40s ago)");
            });
        });
    }

    @Test
    void claimsOnTrackAndReadyNodesRaiseNothing() {
        List<Signal> signals = region().nodeClaims(
                nodeClaim("launching", List.of(condition("Launched", "Unknown", "AwaitingReconciliation", "",
                        ago(Duration.ofMinutes(2))))),
                nodeClaim("just-joined", List.of(
                        condition("Launched", "True", "Launched", "", ago(Duration.ofMinutes(3))),
                        condition("Registered", "Unknown", "NodeNotFound", "", ago(Duration.ofMinutes(3))))),
                nodeClaim("ready", List.of(
                        condition("Launched", "True", "Launched", "", ago(Duration.ofHours(5))),
                        condition("Registered", "True", "Registered", "", ago(Duration.ofHours(5))),
                        condition("Ready", "True", "Ready", "", ago(Duration.ofHours(5))))),
                nodeClaim("no-conditions-yet", List.of()))
                .run(check);

        assertThat(signals).isEmpty();
    }
}
