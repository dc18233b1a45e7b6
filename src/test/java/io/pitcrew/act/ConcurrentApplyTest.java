package io.pitcrew.act;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two people apply the same fix at the same moment: both plan from the same resourceVersion, one write wins, the
 * other gets 409, plans again, finds the change in effect and says so. One change, never a blind overwrite.
 */
class ConcurrentApplyTest {

    /** Lets both planners read before either writes, so the race happens every time, not now and then. */
    private record Racing(Action action, CyclicBarrier barrier, AtomicBoolean waited) implements Action {
        @Override public String id() { return action.id(); }
        @Override public String summary() { return action.summary(); }
        @Override public List<Parameter> parameters() { return action.parameters(); }

        @Override
        public Plan plan(Platform platform, Parameters parameters) {
            Plan plan = action.plan(platform, parameters);
            if (waited.compareAndSet(false, true)) {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return plan;
        }
    }

    @Test
    void twoAppliesAtOnceMakeOneChange(@TempDir Path tmp) {
        try (FixLab fix = new FixLab(tmp, null)) {
            CyclicBarrier barrier = new CyclicBarrier(2);
            var runs = List.of("alice", "bob").stream().map(who -> CompletableFuture.supplyAsync(() -> {
                try (Platform p = fix.platform()) {
                    return new SafePath(p, fix.store.audit(), who, Duration.ofSeconds(20), s -> {}, Clock.systemUTC())
                            .run(new Racing(Actions.byId("scale-litellm").orElseThrow(), barrier, new AtomicBoolean()),
                                    new Parameters(Map.of("replicas", "6")), true, OptionalLong.empty());
                }
            })).toList();
            List<Outcome> outcomes = runs.stream().map(CompletableFuture::join).toList();

            assertThat(outcomes).extracting(Outcome::result)
                    .containsExactlyInAnyOrder(Outcome.Result.APPLIED, Outcome.Result.IN_EFFECT);
            assertThat(outcomes).filteredOn(o -> o.result() == Outcome.Result.IN_EFFECT).singleElement()
                    .satisfies(o -> assertThat(o.detail()).contains("someone else made the same change"));
            assertThat(fix.audit()).extracting(r -> r.result()).containsExactlyInAnyOrder("applied", "verified", "in-effect");
            assertThat(fix.deployment("us-east-2", "litellm", "litellm").getSpec().getReplicas()).isEqualTo(6);
            assertThat(fix.pods("us-east-2", "litellm", "app", "litellm")).hasSize(6);
        }
    }
}
