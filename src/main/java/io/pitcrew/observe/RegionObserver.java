package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
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
        List<Future<List<PodMetrics>>> podMetrics = new ArrayList<>();
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
        List<Future<List<Deployment>>> deployments = new ArrayList<>();
        for (String ns : names.deploymentNamespaces()) {
            deployments.add(optional(() -> client.apps().deployments().inNamespace(ns).list().getItems(), "deployments in " + ns, gaps));
        }
        var logs = LogTails.sources(names).stream().map(source -> logs(source, gaps)).toList();
        try {
            var nodeList = nodes.get();
            var podList = pods.get();
            List<Deployment> allDeployments = new ArrayList<>();
            for (var d : deployments) allDeployments.addAll(d.get());
            List<PodMetrics> allPodMetrics = new ArrayList<>();
            for (var m : podMetrics) allPodMetrics.addAll(m.get());
            List<LogTail> allLogs = new ArrayList<>();
            for (var l : logs) allLogs.addAll(l.get());
            Secrets read = secrets.get().stream().findFirst().orElse(new Secrets(List.of(), List.of()));
            return new RegionSnapshot(region, start, Duration.between(start, Instant.now()), nodeList, metrics.get(), List.copyOf(allPodMetrics), podList,
                    events.get(), List.copyOf(allDeployments), services.get(), serviceAccounts.get(), read.pull(), pools.get(), claims.get(), List.copyOf(allLogs), List.copyOf(gaps), read.credentials());
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

    /** A list that may fail without failing the region: a 404 (not installed) or 403 becomes a gap. */
    private <T> Future<List<T>> optional(Callable<List<T>> call, String what, List<String> gaps) {
        return pool.submit(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                gaps.add(what + ": " + Unreachability.describe(e));
                return List.of();
            }
        });
    }

    /** The last lines of each matching pod's log, with the kubelet's timestamps. */
    private Future<List<LogTail>> logs(LogTails.Source source, List<String> gaps) {
        return optional(() -> {
            List<Pod> pods = client.pods().inNamespace(source.namespace())
                    .list(new ListOptionsBuilder().withLabelSelector(source.selector()).build()).getItems();
            return LogTails.read(client, source, LogTails.podsOf(source, pods), thresholds.logTailLines(), pool, gaps);
        }, source.component().name().toLowerCase().replace('_', '-') + " logs", gaps);
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
