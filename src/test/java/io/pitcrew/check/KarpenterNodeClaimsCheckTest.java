package io.pitcrew.check;

import org.junit.jupiter.api.Test;

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
