package io.pitcrew.observe;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One sweep over every region at once: one Fabric8 client per context, each region with its own deadline, so a
 * dead region costs its timeout and no more, and never stops the others from being read.
 */
public final class Sweep implements AutoCloseable {

    private final PitcrewConfig config;
    private final Kubeconfig kubeconfig;
    private final ListReading reading;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<KubernetesClient> clients = new ArrayList<>();

    /** A sweep that reads the big kinds lean: in pages, each object slimmed as it arrives ({@link ListReading#LEAN}). */
    public Sweep(PitcrewConfig config, Kubeconfig kubeconfig) {
        this(config, kubeconfig, ListReading.LEAN);
    }

    public Sweep(PitcrewConfig config, Kubeconfig kubeconfig, ListReading reading) {
        this.config = config;
        this.kubeconfig = kubeconfig;
        this.reading = reading;
    }

    /** Observes the given regions in parallel; {@code progress} hears each region as it finishes. */
    public Snapshot run(List<Region> regions, Consumer<RegionObservation> progress) {
        kubeconfig.requireContexts(regions);
        Duration timeout = config.thresholds().regionTimeout();
        Instant start = Instant.now();
        List<CompletableFuture<RegionObservation>> futures = new ArrayList<>();
        for (Region region : regions) {
            Config regionConfig;
            try {
                regionConfig = clientConfig(region.context(), timeout);
            } catch (RuntimeException e) {
                // a context pitcrew makes (an EKS cluster, its own cluster) that cannot be made: no credentials, no
                // such cluster, not in a pod; the region is unreachable for that reason and the others are read
                RegionObservation unreachable = new RegionUnreachable(region, "credentials", e.getMessage(), Duration.ZERO);
                progress.accept(unreachable);
                futures.add(CompletableFuture.completedFuture(unreachable));
                continue;
            }
            KubernetesClient client = new KubernetesClientBuilder().withConfig(regionConfig).build();
            clients.add(client);
            RegionObserver observer = new RegionObserver(region, client, config.names(), config.thresholds(), pool, reading);
            futures.add(CompletableFuture.supplyAsync(observer::observe, pool)
                    .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(o -> o != null ? o : new RegionUnreachable(region, "timeout",
                            "no answer within " + timeout.toMillis() / 1000.0 + " s from " + client.getMasterUrl(), timeout))
                    .whenComplete((o, e) -> { if (o != null) progress.accept(o); }));
        }
        Probing probing = new Probing(config.probes(), timeout);
        var dns = CompletableFuture.supplyAsync(() -> probing.dns(regions), pool);
        var mirror = CompletableFuture.supplyAsync(probing::mirror, pool);
        var health = CompletableFuture.supplyAsync(() -> probing.health(regions), pool);
        var proxies = CompletableFuture.supplyAsync(probing::proxies, pool);
        var provisioning = CompletableFuture.supplyAsync(probing::provisioning, pool);
        var litellm = CompletableFuture.supplyAsync(probing::litellm, pool);
        List<RegionObservation> observations = futures.stream().map(CompletableFuture::join).toList();
        return Snapshot.of(start, observations).dns(dns.join()).mirror(mirror.join()).health(health.join())
                .proxies(proxies.join()).provisioning(provisioning.join()).litellm(litellm.join()).build();
    }

    /** A client configuration for one context that fails fast: no retries, the region's deadline per request. */
    private Config clientConfig(String context, Duration timeout) {
        return clientConfig(kubeconfig, context, timeout);
    }

    /** Also {@code pitcrew serve}'s: a closed watch is listed and watched again by serve itself, never retried blindly. */
    public static Config clientConfig(Kubeconfig kubeconfig, String context, Duration timeout) {
        Config c = kubeconfig.clientConfig(context);
        c.setRequestTimeout((int) timeout.toMillis());
        c.setRequestRetryBackoffLimit(0);
        return c;
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        pool.shutdownNow();
    }
}
