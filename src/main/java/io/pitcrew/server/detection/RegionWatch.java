package io.pitcrew.server.detection;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.check.Input;
import io.pitcrew.observe.CredentialSecret;
import io.pitcrew.observe.CredentialSecrets;
import io.pitcrew.observe.LeanObjects;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.LogTails;
import io.pitcrew.observe.PullSecret;
import io.pitcrew.observe.PullSecrets;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionObserver;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.RegionUnreachable;
import io.pitcrew.observe.Unreachability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One region watched: a {@link ResourceMirror} per kind the checks read (each listed in pages, then watched from the
 * list's resourceVersion), plus what cannot be watched — metrics.k8s.io and log tails — polled.
 * {@link #observation()} rebuilds the region's {@link RegionSnapshot} from the caches at any time, or says why the
 * region is unreachable.
 */
final class RegionWatch implements AutoCloseable {

    /** What is kept of a Secret: its pull-secret reading, and metadata without any data or annotation value that may hold one. */
    record SecretMeta(List<PullSecret> pull, Secret metadataOnly) {}

    /** The polled part of a region, with what could not be read. */
    private record Polled(List<NodeMetrics> nodeMetrics, List<PodMetrics> podMetrics, List<LogTail> logs, List<String> gaps) {
        static final Polled NONE = new Polled(List.of(), List.of(), List.of(), List.of());
    }

    private final Region region;
    private final KubernetesClient client;
    private final Names names;
    private final Thresholds thresholds;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService pool;
    /** Told which inputs of the region changed; an empty set when only what the checks do not read (a gap) did. */
    private final Consumer<Set<Input>> changed;
    private final AtomicLong reconnects = new AtomicLong();
    private final ResourceMirror<Pod, Pod> pods;
    private final ResourceMirror<Node, Node> nodes;
    private final ResourceMirror<Event, Event> events;
    private final List<ResourceMirror<Deployment, Deployment>> deployments = new ArrayList<>();
    private final ResourceMirror<Service, Service> services;
    private final ResourceMirror<ServiceAccount, ServiceAccount> serviceAccounts;
    private final ResourceMirror<Secret, SecretMeta> secrets;
    private final ResourceMirror<GenericKubernetesResource, GenericKubernetesResource> nodePools;
    private final ResourceMirror<GenericKubernetesResource, GenericKubernetesResource> nodeClaims;
    private final List<ResourceMirror<?, ?>> all = new ArrayList<>();
    private volatile Polled polled = Polled.NONE;
    private final AtomicBoolean polling = new AtomicBoolean();
    /** Set when the liveness request fails; cleared when it answers again. */
    private volatile Outage outage;

    /** The API server stopped answering at {@code since}, with why. */
    private record Outage(Instant since, Throwable error) {}

    RegionWatch(Region region, KubernetesClient client, Names names, Thresholds thresholds, ScheduledExecutorService scheduler,
                ExecutorService pool, Consumer<Set<Input>> changed) {
        this.region = region;
        this.client = client;
        this.names = names;
        this.thresholds = thresholds;
        this.scheduler = scheduler;
        this.pool = pool;
        this.changed = changed;
        pods = mirror(ResourceMirror.Source.of("pods", true, client.pods().inAnyNamespace()), LeanObjects::slim, Input.PODS);
        nodes = mirror(ResourceMirror.Source.of("nodes", true, client.nodes()), LeanObjects::slim, Input.NODES);
        events = mirror(ResourceMirror.Source.of("events", false, client.v1().events().inAnyNamespace()), LeanObjects::slim, Input.EVENTS);
        for (String ns : names.deploymentNamespaces()) {
            deployments.add(mirror(ResourceMirror.Source.of("deployments in " + ns, false, client.apps().deployments().inNamespace(ns)),
                    LeanObjects::slim, Input.DEPLOYMENTS));
        }
        String coder = names.coderNamespace();
        services = mirror(ResourceMirror.Source.of("services in " + coder, false, client.services().inNamespace(coder)),
                LeanObjects::slim, Input.SERVICES);
        serviceAccounts = mirror(ResourceMirror.Source.of("service accounts in " + coder, false, client.serviceAccounts().inNamespace(coder)),
                LeanObjects::slim, Input.SERVICE_ACCOUNTS);
        secrets = mirror(ResourceMirror.Source.of("secrets", false, client.secrets().inAnyNamespace()), RegionWatch::reduce, Input.SECRETS);
        nodePools = mirror(ResourceMirror.Source.of("Karpenter NodePools", false, client.genericKubernetesResources(RegionObserver.NODE_POOLS)),
                Function.identity(), Input.NODE_POOLS);
        // one a node: a big kind, slimmed as doctor slims it
        nodeClaims = mirror(ResourceMirror.Source.of("Karpenter NodeClaims", false, client.genericKubernetesResources(RegionObserver.NODE_CLAIMS)),
                LeanObjects::slim, Input.NODE_CLAIMS);
    }

    private <T extends HasMetadata, V> ResourceMirror<T, V> mirror(ResourceMirror.Source<T> source, Function<T, V> keep, Input input) {
        ResourceMirror<T, V> m = new ResourceMirror<>(source, keep, () -> changed.accept(EnumSet.of(input)), scheduler, pool, reconnects);
        all.add(m);
        return m;
    }

    void start(Duration liveness, Duration pollInterval) {
        all.forEach(ResourceMirror::start);
        scheduler.scheduleWithFixedDelay(this::alive, liveness.toMillis(), liveness.toMillis(), TimeUnit.MILLISECONDS);
        // on a thread of its own: a poll waiting on a region that stopped answering must not hold one of the
        // scheduler's few threads, which every region's liveness and lists share; one poll at a time
        scheduler.scheduleWithFixedDelay(() -> {
            if (polling.compareAndSet(false, true)) pool.execute(() -> {
                try {
                    poll();
                } finally {
                    polling.set(false);
                }
            });
        }, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    Region region() { return region; }

    long reconnects() { return reconnects.get(); }

    /** True once every essential kind has been listed, or failed to be (the region is then known to be unreachable). */
    boolean settled() {
        return all.stream().filter(ResourceMirror::essential).noneMatch(m -> m.sync() instanceof ResourceMirror.Sync.Pending);
    }

    /** The region as the caches hold it now, or unreachable with why when its pods or nodes cannot be listed. */
    RegionObservation observation(Instant now) {
        Outage o = outage;
        // down until every essential kind has been listed again since the outage began
        if (o != null && all.stream().filter(ResourceMirror::essential).anyMatch(m -> !m.listedAt().isAfter(o.since()))) {
            return Unreachability.of(region, client.getMasterUrl().toString(), o.error(), Duration.ZERO);
        }
        for (ResourceMirror<?, ?> m : all) {
            if (m.essential() && m.sync() instanceof ResourceMirror.Sync.Failed f) {
                return Unreachability.of(region, client.getMasterUrl().toString(), f.error(), Duration.ZERO);
            }
        }
        List<String> gaps = new ArrayList<>();
        for (ResourceMirror<?, ?> m : all) {
            if (m.sync() instanceof ResourceMirror.Sync.Failed f) gaps.add(m.what() + ": " + Unreachability.describe(f.error()));
        }
        Polled p = polled;
        gaps.addAll(p.gaps());
        List<SecretMeta> kept = secrets.items();
        List<PullSecret> pull = kept.stream().flatMap(s -> s.pull().stream()).toList();
        List<CredentialSecret> credentials = secrets.sync() instanceof ResourceMirror.Sync.Listed
                ? CredentialSecrets.of(kept.stream().map(SecretMeta::metadataOnly).toList(), names.litellmNamespace(), names.litellmCredentialSecrets())
                : List.of();
        return RegionSnapshot.of(region, now)
                .nodes(nodes.items()).nodeMetrics(p.nodeMetrics()).podMetrics(p.podMetrics()).pods(pods.items())
                .events(events.items()).deployments(cachedDeployments()).services(services.items())
                .serviceAccounts(serviceAccounts.items()).pullSecrets(pull).credentialSecrets(credentials)
                .nodePools(nodePools.items()).nodeClaims(nodeClaims.items()).logs(p.logs()).gaps(List.copyOf(gaps))
                .build();
    }

    /** Every watched namespace's Deployments. */
    private List<Deployment> cachedDeployments() {
        return deployments.stream().flatMap(d -> d.items().stream()).toList();
    }

    /** metrics.k8s.io and log tails, which have no watch; the pods whose logs are read come from the cache, and their Deployments. */
    private void poll() {
        if (outage != null || !(pods.sync() instanceof ResourceMirror.Sync.Listed)) return;
        List<String> gaps = Collections.synchronizedList(new ArrayList<>());
        try {
            var nodeMetrics = pool.submit(() -> optional(() -> client.top().nodes().metrics().getItems(), "metrics.k8s.io nodes", gaps));
            Map<String, Future<List<PodMetrics>>> podMetrics = new LinkedHashMap<>();
            for (String ns : new LinkedHashSet<>(List.of(names.coderNamespace(), names.litellmNamespace()))) {
                podMetrics.put(ns, pool.submit(() -> optional(() -> client.top().pods().metrics(ns).getItems(), "metrics.k8s.io pods in " + ns, gaps)));
            }
            List<Pod> cached = pods.items();
            List<Deployment> theirs = cachedDeployments();
            List<LogTail> logs = new ArrayList<>();
            for (LogTails.Source source : LogTails.sources(names)) {
                logs.addAll(LogTails.read(client, source, LogTails.podsOf(source, cached, theirs),
                        thresholds.logTailLines(), pool, gaps));
            }
            List<PodMetrics> allPodMetrics = new ArrayList<>();
            for (var m : podMetrics.values()) allPodMetrics.addAll(m.get());
            Polled next = new Polled(nodeMetrics.get(), List.copyOf(allPodMetrics), List.copyOf(logs), List.copyOf(gaps));
            Set<Input> differ = differences(polled, next);
            if (!differ.isEmpty() || !polled.gaps().equals(next.gaps())) {
                polled = next;
                changed.accept(differ);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            // the next poll tries again; a region that stopped answering is reported by its watches
        }
    }

    /**
     * Asks the API server for its version: a watch on a server that vanished without closing its connection never
     * hears of it, so this is how such a region is noticed, and its watches re-established. The answer is awaited for
     * the region's timeout and a second more, whatever the client does: a client that never gives up (a wedged
     * connection, a timer that never fires) must not hide an outage, nor hold a scheduler thread for ever.
     */
    private boolean alive() {
        Duration bound = thresholds.regionTimeout().plusSeconds(1);
        Future<?> asked = pool.submit(client::getKubernetesVersion);
        try {
            asked.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return down(e.getCause());
        } catch (TimeoutException e) {
            asked.cancel(true);
            return down(new TimeoutException("no answer to GET /version within " + bound.toMillis() + " ms"));
        }
        if (outage != null) {
            outage = null;
            changed.accept(EnumSet.allOf(Input.class));
        }
        return true;
    }

    private boolean down(Throwable why) {
        if (outage == null) {
            outage = new Outage(Instant.now(), why);
            changed.accept(EnumSet.allOf(Input.class));
            // each on its own thread: a mirror still waiting on its list holds its lock until that list gives up
            all.forEach(m -> pool.execute(m::relist));
        }
        return false;
    }

    /**
     * The polled inputs whose readings differ. Metrics carry their sample time: usage is compared, so an unchanged
     * reading does not wake the checks.
     */
    private static Set<Input> differences(Polled a, Polled b) {
        Set<Input> out = EnumSet.noneOf(Input.class);
        if (!a.logs().equals(b.logs())) out.add(Input.LOGS);
        if (!usage(a.nodeMetrics()).equals(usage(b.nodeMetrics()))) out.add(Input.NODE_METRICS);
        if (!a.podMetrics().stream().map(m -> m.getContainers().toString()).toList()
                .equals(b.podMetrics().stream().map(m -> m.getContainers().toString()).toList())) out.add(Input.POD_METRICS);
        return out;
    }

    private static List<String> usage(List<NodeMetrics> metrics) {
        return metrics.stream().map(m -> m.getMetadata().getName() + m.getUsage()).toList();
    }

    private static <T> List<T> optional(Callable<List<T>> call, String what, List<String> gaps) {
        try {
            return call.call();
        } catch (Exception e) {
            gaps.add(what + ": " + Unreachability.describe(e));
            return List.of();
        }
    }

    /**
     * A Secret as it arrives, reduced at once: the pull secret's registries and times, and metadata with nothing that
     * may carry a value (no data, no annotations other than an expiry, no last-applied-configuration).
     */
    static SecretMeta reduce(Secret s) {
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, String> all = s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations();
        for (String a : CredentialSecret.EXPIRY_ANNOTATIONS) {
            Optional.ofNullable(all.get(a)).ifPresent(v -> annotations.put(a, v));
        }
        List<ManagedFieldsEntry> times = s.getMetadata().getManagedFields() == null ? List.of()
                : s.getMetadata().getManagedFields().stream().map(m -> new ManagedFieldsEntryBuilder()
                        .withManager(m.getManager()).withOperation(m.getOperation()).withTime(m.getTime()).build()).toList();
        Secret metadataOnly = new SecretBuilder().withType(s.getType()).withMetadata(new ObjectMetaBuilder()
                .withNamespace(s.getMetadata().getNamespace()).withName(s.getMetadata().getName())
                .withCreationTimestamp(s.getMetadata().getCreationTimestamp()).withResourceVersion(s.getMetadata().getResourceVersion())
                .withAnnotations(annotations).withManagedFields(times).build()).build();
        return new SecretMeta(PullSecrets.of(List.of(s)), metadataOnly);
    }

    @Override
    public void close() {
        all.forEach(ResourceMirror::close);
    }
}
