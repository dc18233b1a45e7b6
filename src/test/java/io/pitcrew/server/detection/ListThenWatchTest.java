package io.pitcrew.server.detection;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.RegionUnreachable;
import io.pitcrew.observe.ScriptedApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One region's caches against an API server that keeps resourceVersions as a real one does ({@link ScriptedApiServer}):
 * the list is read page by page, the watch starts where the list ended (so nothing is replayed, and nothing deleted
 * in between is kept), and a watch the server can no longer resume is replaced by a new list.
 */
class ListThenWatchTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private ScriptedApiServer api;
    private KubernetesClient client;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private RegionWatch region;

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApiServer();
        // HTTP watches: the same query and the same event lines as over a WebSocket, which the JDK's server lacks
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).withOnlyHttpWatches(true)
                .withRequestTimeout(5_000).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        if (region != null) region.close();
        api.close();
        client.close();
        scheduler.shutdownNow();
        pool.shutdownNow();
    }

    @Test
    void aPodDeletedBetweenTheListAndTheWatchIsNotKept() {
        api.add("coder", "ws-a");
        api.add("coder", "ws-b");
        api.add("coder", "ws-c");
        api.afterFirstList(server -> server.delete("coder", "ws-b"));
        watchRegion();
        await().atMost(PATIENCE).until(() -> cachedPods().equals(List.of("coder/ws-a", "coder/ws-c")));
    }

    @Test
    void theWatchStartsAtTheListsResourceVersionAndAsksForBookmarks() {
        api.add("coder", "ws-a");
        api.add("coder", "ws-b");
        String listed = Long.toString(api.revision());
        watchRegion();
        await().atMost(PATIENCE).until(() -> api.podRequests().stream().anyMatch(ScriptedApiServer.Request::watch));
        ScriptedApiServer.Request watch = api.podRequests().stream().filter(ScriptedApiServer.Request::watch).findFirst().orElseThrow();
        assertThat(watch.query()).containsEntry("resourceVersion", listed).containsEntry("allowWatchBookmarks", "true");
        assertThat(cachedPods()).containsExactly("coder/ws-a", "coder/ws-b");
    }

    @Test
    void aWatchFromAResourceVersionTheServerNoLongerHasListsAgain() {
        api.add("coder", "ws-a");
        api.add("coder", "ws-b");
        api.add("coder", "ws-c");
        // deleted after the list was taken, and the history compacted past it: the watch from the list's
        // resourceVersion is told 410 Gone, and only a second list can show that ws-b is gone
        api.afterFirstList(server -> {
            server.delete("coder", "ws-b");
            server.compact();
        });
        watchRegion();
        await().atMost(PATIENCE).until(() -> cachedPods().equals(List.of("coder/ws-a", "coder/ws-c")));
        assertThat(api.podRequests().stream().filter(r -> !r.watch()).count()).as("lists").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aWatchEndedWithGoneListsAgainAndDropsWhatWasDeletedMeanwhile() {
        api.add("coder", "ws-a");
        api.add("coder", "ws-b");
        watchRegion();
        await().atMost(PATIENCE).until(() -> cachedPods().size() == 2 && api.podRequests().stream().anyMatch(ScriptedApiServer.Request::watch));
        api.loseWatches(server -> server.delete("coder", "ws-b"));
        await().atMost(PATIENCE).until(() -> cachedPods().equals(List.of("coder/ws-a")));
        assertThat(region.reconnects()).isPositive();
    }

    @Test
    void aLongListIsReadInPagesOf500() {
        IntStream.range(0, 1234).forEach(i -> api.add("coder", "ws-%04d".formatted(i)));
        watchRegion();
        await().atMost(PATIENCE).until(() -> cachedPods().size() == 1234);
        List<ScriptedApiServer.Request> lists = api.podRequests().stream().filter(r -> !r.watch()).toList();
        assertThat(lists).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lists.subList(0, 3)).allSatisfy(r -> assertThat(r.query()).containsEntry("limit", "500"));
        assertThat(lists.get(0).query()).doesNotContainKey("continue");
        assertThat(lists.get(1).query()).containsKey("continue");
        assertThat(lists.get(2).query()).containsKey("continue");
    }

    @Test
    void aListWhoseSnapshotTheServerForgotMidwayStartsAgainWithoutTheRegionSeemingDown() {
        IntStream.range(0, 1234).forEach(i -> api.add("coder", "ws-%04d".formatted(i)));
        api.afterFirstList(ScriptedApiServer::forgetSnapshots);
        List<String> seen = new CopyOnWriteArrayList<>();
        watchRegion(() -> seen.add(region.observation(Instant.now()).getClass().getSimpleName()));
        await().atMost(PATIENCE).until(() -> cachedPods().size() == 1234);
        List<ScriptedApiServer.Request> lists = api.podRequests().stream().filter(r -> !r.watch()).toList();
        assertThat(lists.stream().filter(r -> !r.query().containsKey("continue")).count()).as("lists from the start").isEqualTo(2);
        assertThat(seen).as("observations as the caches changed").doesNotContain(RegionUnreachable.class.getSimpleName());
    }

    private void watchRegion() {
        watchRegion(() -> {});
    }

    private void watchRegion(Runnable onChange) {
        region = new RegionWatch(new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "example.com"), client,
                Names.defaults(), Thresholds.defaults(), scheduler, pool, inputs -> onChange.run());
        region.start(Duration.ofMillis(500), Duration.ofMinutes(1));
    }

    private List<String> cachedPods() {
        return region.observation(Instant.now()) instanceof RegionSnapshot s
                ? s.pods().stream().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList()
                : List.of();
    }
}
