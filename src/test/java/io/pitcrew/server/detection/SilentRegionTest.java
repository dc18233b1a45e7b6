package io.pitcrew.server.detection;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.observe.RegionUnreachable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A region whose API server accepts connections and never answers, read by a client that would wait for ever: serve
 * calls it unreachable after the region's timeout all the same, and its waiting lists and polls hold none of the
 * scheduler's threads, which every region shares.
 */
class SilentRegionTest {

    private static final Duration REGION_TIMEOUT = Duration.ofMillis(500);

    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private KubernetesClient client;
    // fewer threads than the region has kinds to list: a list that held one would stall the rest
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private RegionWatch region;

    @BeforeEach
    void start() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.startVirtualThread(() -> {
            try {
                while (true) held.add(silent.accept());
            } catch (IOException e) {
                // closed
            }
        });
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                .withOnlyHttpWatches(true).withRequestTimeout((int) TimeUnit.MINUTES.toMillis(10)).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() throws IOException {
        if (region != null) region.close();
        silent.close();
        for (Socket s : held) s.close();
        client.close();
        scheduler.shutdownNow();
        pool.shutdownNow();
    }

    @Test
    void aServerThatNeverAnswersIsUnreachableAfterTheRegionTimeoutAndHoldsNoSchedulerThread() throws Exception {
        region = new RegionWatch(new Region("eu-west-2", "eu-west-2", Region.Role.PROXY, "example.com"), client,
                Names.defaults(), Thresholds.defaults().withRegionTimeout(REGION_TIMEOUT), scheduler, pool, inputs -> {});
        Instant started = Instant.now();
        region.start(Duration.ofMillis(200), Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(20)).until(() -> region.observation(Instant.now()) instanceof RegionUnreachable);
        RegionUnreachable down = (RegionUnreachable) region.observation(Instant.now());
        assertThat(down.reason()).isEqualTo("timeout");
        assertThat(down.detail()).contains("no answer to GET /version within 1500 ms");
        assertThat(Duration.between(started, Instant.now())).as("the liveness bound, not the client's ten minutes")
                .isLessThan(Duration.ofSeconds(20));

        // every kind's list and the polls still wait on the silent server; the scheduler is free all the same
        CountDownLatch ran = new CountDownLatch(1);
        scheduler.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).as("a task scheduled while the lists wait runs").isTrue();
    }
}
