package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Reads one region's API server: every list the runbook's diagnosis needs, all at once. Pods and nodes are
 * essential (without them the region is unreachable); anything else that fails becomes a gap in the snapshot. The
 * big kinds (pods, nodes, events, and Karpenter's NodeClaims, one a node) are read as {@link ListReading} says: by
 * default in pages, each object slimmed as its page arrives, so a region of 10,000 pods is never held as parsed.
 */
public final class RegionObserver {

    public static final ResourceDefinitionContext NODE_POOLS = karpenter("NodePool", "nodepools");
    public static final ResourceDefinitionContext NODE_CLAIMS = karpenter("NodeClaim", "nodeclaims");

    private final Region region;
    private final KubernetesClient client;
    private final Names names;
    private final Thresholds thresholds;
    private final ExecutorService pool;
    private final ListReading reading;
    private final Semaphore bigLists = new Semaphore(1);

    RegionObserver(Region region, KubernetesClient client, Names names, Thresholds thresholds, ExecutorService pool, ListReading reading) {
        this.region = region;
        this.client = client;
        this.names = names;
        this.thresholds = thresholds;
        this.pool = pool;
        this.reading = reading;
    }

    RegionObservation observe() {
        Instant start = Instant.now();
        List<String> gaps = Collections.synchronizedList(new ArrayList<>());
        var nodes = pool.submit(() -> big(client.nodes()::list));
        var pods = pool.submit(() -> big(client.pods().inAnyNamespace()::list));
        var events = optional(() -> big(client.v1().events().inAnyNamespace()::list), "events", gaps);
        // one a node, and metrics.k8s.io has no pages: slimmed once read
        var metrics = optional(() -> client.top().nodes().metrics().getItems().stream().map(this::keep).toList(), "metrics.k8s.io nodes", gaps);
        List<OptionalRead<PodMetrics>> podMetrics = new ArrayList<>();
        for (String ns : new LinkedHashSet<>(List.of(names.coderNamespace(), names.litellmNamespace()))) {
            podMetrics.add(optional(() -> client.top().pods().metrics(ns).getItems(), "metrics.k8s.io pods in " + ns, gaps));
        }
        var services = optional(() -> client.services().inNamespace(names.coderNamespace()).list().getItems(),
                "services in " + names.coderNamespace(), gaps);
        var serviceAccounts = optional(() -> client.serviceAccounts().inNamespace(names.coderNamespace()).list().getItems(),
                "service accounts in " + names.coderNamespace(), gaps);
        // One list of every secret, reduced at once to what checks may see: pull secrets and LiteLLM credentials.
        var secrets = optional(() -> List.of(secrets(client.secrets().inAnyNamespace().list().getItems())), "secrets", gaps);
        var pools = optional(() -> client.genericKubernetesResources(NODE_POOLS).list().getItems(), "Karpenter NodePools", gaps);
        var claims = optional(() -> big(client.genericKubernetesResources(NODE_CLAIMS)::list), "Karpenter NodeClaims", gaps);
        List<OptionalRead<Deployment>> deployments = new ArrayList<>();
        for (String ns : names.deploymentNamespaces()) {
            deployments.add(optional(() -> client.apps().deployments().inNamespace(ns).list().getItems(), "deployments in " + ns, gaps));
        }
        var logs = LogTails.sources(names).stream().map(source -> logs(source, pods, gaps)).toList();
        // what the region can do without is waited for until a little before the region's deadline, so a kind that
        // hangs is a gap and the rest of the region is still diagnosed (the sweep gives the region up at its deadline)
        Duration timeout = thresholds.regionTimeout();
        Instant deadline = start.plus(timeout.minus(Duration.ofMillis(Math.max(1000, timeout.toMillis() / 5))));
        try {
            var nodeList = nodes.get();
            var podList = pods.get();
            List<Deployment> allDeployments = new ArrayList<>();
            for (var d : deployments) allDeployments.addAll(d.by(deadline, gaps));
            List<PodMetrics> allPodMetrics = new ArrayList<>();
            for (var m : podMetrics) allPodMetrics.addAll(m.by(deadline, gaps));
            List<LogTail> allLogs = new ArrayList<>();
            for (var l : logs) allLogs.addAll(l.by(deadline, gaps));
            Secrets read = secrets.by(deadline, gaps).stream().findFirst().orElse(new Secrets(List.of(), List.of()));
            // each by(...) adds what it could not read to gaps, so gaps is taken last
            return RegionSnapshot.of(region, start)
                    .nodes(nodeList).nodeMetrics(metrics.by(deadline, gaps)).podMetrics(List.copyOf(allPodMetrics))
                    .pods(podList).events(events.by(deadline, gaps)).deployments(List.copyOf(allDeployments))
                    .services(services.by(deadline, gaps)).serviceAccounts(serviceAccounts.by(deadline, gaps))
                    .pullSecrets(read.pull()).credentialSecrets(read.credentials())
                    .nodePools(pools.by(deadline, gaps)).nodeClaims(claims.by(deadline, gaps)).logs(List.copyOf(allLogs))
                    .gaps(List.copyOf(gaps)).took(Duration.between(start, Instant.now()))
                    .build();
        } catch (ExecutionException e) {
            return Unreachability.of(region, client.getMasterUrl().toString(), e.getCause(), Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RegionUnreachable(region, "timeout", "interrupted", Duration.between(start, Instant.now()));
        }
    }

    /**
     * Every object of a big kind, read and kept as {@link #reading} says; a list that fails midway fails whole. One
     * big list at a time in a region: what is in flight, parsed but not yet slimmed, is then one page a region.
     */
    private <T extends HasMetadata> List<T> big(Function<ListOptions, ? extends KubernetesResourceList<T>> list) throws InterruptedException {
        bigLists.acquire();
        try {
            return PagedList.read(list, reading.pageSize(), this::keep).items();
        } finally {
            bigLists.release();
        }
    }

    private <T extends HasMetadata> T keep(T object) {
        return reading.slim() ? LeanObjects.slim(object) : object;
    }

    /** What is kept of the region's secrets; the Secret objects themselves go out of scope as soon as this is made. */
    private record Secrets(List<PullSecret> pull, List<CredentialSecret> credentials) {}

    private Secrets secrets(List<Secret> all) {
        return new Secrets(PullSecrets.of(all), CredentialSecrets.of(all, names.litellmNamespace(), names.litellmCredentialSecrets()));
    }

    /** A list that may fail without failing the region: a 404 (not installed), a 403 or any error becomes a gap. */
    private <T> OptionalRead<T> optional(Callable<List<T>> call, String what, List<String> gaps) {
        AtomicBoolean givenUp = new AtomicBoolean();
        return new OptionalRead<>(pool.submit(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                // given up at the deadline: the interruption is not the kind's error, and the gap is said once
                if (!givenUp.get()) gaps.add(what + ": " + Unreachability.describe(e));
                return List.of();
            }
        }), what, givenUp);
    }

    /** A read the region can do without, and what to call it in a gap. */
    private record OptionalRead<T>(Future<List<T>> future, String what, AtomicBoolean givenUp) {

        /** Its items; none, and a gap, when it has not answered by {@code deadline}. */
        List<T> by(Instant deadline, List<String> gaps) throws InterruptedException {
            try {
                return future.get(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                givenUp.set(true);
                future.cancel(true);
                gaps.add(what + ": no answer in time (given up a little before the region's deadline, so the rest is read)");
                return List.of();
            } catch (ExecutionException e) {
                gaps.add(what + ": " + Unreachability.describe(e.getCause()));
                return List.of();
            }
        }
    }

    /**
     * The last lines of each matching pod's log, with the kubelet's timestamps. Its pods are the region's, once read
     * (which the region waits for anyway); the Deployments, still being read, are not waited for: a pod is known as
     * theirs by its ReplicaSet.
     */
    private OptionalRead<LogTail> logs(LogTails.Source source, Future<List<Pod>> pods, List<String> gaps) {
        return optional(() -> LogTails.read(client, source, LogTails.podsOf(source, pods.get(), List.of()),
                thresholds.logTailLines(), pool, gaps), source.component().name().toLowerCase().replace('_', '-') + " logs", gaps);
    }

    /** Splits "2026-11-25T10:00:00.123456789Z message" lines; a line without a stamp keeps a null time. */
    static List<LogLine> parse(String log) {
        if (log == null || log.isEmpty()) return List.of();
        List<LogLine> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.isEmpty()) continue;
            int sp = line.indexOf(' ');
            Instant time = null;
            String text = line;
            if (sp > 0 && Character.isDigit(line.charAt(0))) {
                try {
                    time = Instant.parse(line.substring(0, sp));
                    text = line.substring(sp + 1);
                } catch (DateTimeParseException ignored) {
                    // not a kubelet stamp: keep the whole line as text
                }
            }
            lines.add(new LogLine(time, text));
        }
        return List.copyOf(lines);
    }

    private static ResourceDefinitionContext karpenter(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("karpenter.sh").withVersion("v1")
                .withKind(kind).withPlural(plural).withNamespaced(false).build();
    }
}
