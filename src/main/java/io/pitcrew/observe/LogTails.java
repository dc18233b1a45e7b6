package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.config.Names;
import io.pitcrew.config.WorkloadPods;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The log tails the runbook reads (Karpenter, the key rotator, provisioners, LiteLLM), with the kubelet's timestamps, and
 * those of the platform's other components (coder, the AWS load balancer controller, metrics-server, CoreDNS) while a pod
 * of theirs is not Ready: their last error line is the evidence of an outage, and a healthy pod's log is not worth a
 * request on every sweep. A sweep reads them once, taking the pods from the region's pod list; {@code pitcrew serve}
 * polls them, taking the pods and Deployments from its watched cache.
 */
public final class LogTails {

    /** The runbook reads at most this many pods' logs per component (e.g. 10 provisioners). */
    static final int MAX_LOG_PODS = 20;

    /**
     * Which pods' logs a component's tail is read from ({@link WorkloadPods}: the configured selector's, and those of the
     * component's Deployments, which a Helm chart or an EKS add-on labels otherwise).
     *
     * @param notReadyOnly read only the pods that are not Ready (and have not finished)
     */
    public record Source(LogTail.Component component, WorkloadPods pods, boolean notReadyOnly) {

        /** A source whose every pod's log is read, chosen by its selector alone. */
        public Source(LogTail.Component component, String namespace, String selector) {
            this(component, new WorkloadPods(namespace, selector, List.of()), false);
        }

        Source(LogTail.Component component, Names.Workload where, boolean notReadyOnly) {
            this(component, new WorkloadPods(where.namespace(), where.selector(), List.of(where.deployment())), notReadyOnly);
        }

        public String namespace() {
            return pods.namespace();
        }
    }

    /**
     * One pod's log to read: its container as {@code kubectl logs} picks it, since the API server answers a pod of
     * several containers without one with 400 "a container name must be specified" (a sidecar would cost the log).
     *
     * @param container null when the pod names none (the API server then takes its only container)
     */
    public record Target(String pod, String container) {}

    /** kubectl's annotation naming the container {@code kubectl logs} reads by default. */
    static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

    private LogTails() {}

    /** The components whose logs are read, with their namespaces, label selectors and Deployments from pitcrew.yaml. */
    public static List<Source> sources(Names names) {
        return List.of(
                new Source(LogTail.Component.KARPENTER, names.karpenter(), false),
                new Source(LogTail.Component.KEY_ROTATOR, names.keyRotator(), false),
                new Source(LogTail.Component.PROVISIONER, WorkloadPods.provisioners(names), false),
                new Source(LogTail.Component.LITELLM, names.litellm(), false),
                new Source(LogTail.Component.CODER, names.coder(), true),
                new Source(LogTail.Component.LOAD_BALANCER_CONTROLLER, names.loadBalancerController(), true),
                new Source(LogTail.Component.METRICS_SERVER, names.metricsServer(), true),
                new Source(LogTail.Component.COREDNS, names.coredns(), true));
    }

    /**
     * The pods of {@code pods} a source reads, at most {@link #MAX_LOG_PODS}, each with its container; {@code deployments}
     * are those read so far (none in doctor, which reads logs beside its Deployments).
     */
    public static List<Target> podsOf(Source source, List<Pod> pods, List<Deployment> deployments) {
        return source.pods().of(pods, deployments).stream()
                .filter(p -> !source.notReadyOnly() || notReady(p))
                .limit(MAX_LOG_PODS).map(p -> new Target(p.getMetadata().getName(), container(p))).toList();
    }

    /** The container named by {@link #DEFAULT_CONTAINER} when the pod has it, else its first: kubectl's choice. */
    static String container(Pod p) {
        if (p.getSpec() == null || p.getSpec().getContainers() == null || p.getSpec().getContainers().isEmpty()) return null;
        List<String> names = p.getSpec().getContainers().stream().map(Container::getName).toList();
        String annotated = p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(DEFAULT_CONTAINER);
        return annotated != null && names.contains(annotated) ? annotated : names.getFirst();
    }

    /** A pod that should serve and does not: no Ready=True condition, and not finished (Succeeded, or Failed and gone). */
    private static boolean notReady(Pod p) {
        if (p.getStatus() == null) return true;
        String phase = p.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) return false;
        return p.getStatus().getConditions() == null || p.getStatus().getConditions().stream()
                .noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * One GET of the pod's log. Not Fabric8's {@code getLog()}: that first waits for the pod to be Ready through an
     * informer (a list and a watch per pod, per sweep) — wasted on a real cluster, where a crash-looping pod's log is
     * exactly what we want at once, and on the lab's mock server a closed watch can freeze the whole server.
     */
    static String tail(KubernetesClient client, String namespace, Target target, int lines) {
        String base = client.getMasterUrl().toString();
        String url = (base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/"
                + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/pods/"
                + URLEncoder.encode(target.pod(), StandardCharsets.UTF_8) + "/log?timestamps=true&tailLines=" + lines
                + (target.container() == null ? "" : "&container=" + URLEncoder.encode(target.container(), StandardCharsets.UTF_8));
        String log = client.raw(url);
        if (log == null) throw new IllegalStateException("pod " + namespace + "/" + target.pod() + " not found (404)");
        return log;
    }

    /** The tails of the pods, read in parallel; a pod whose log cannot be read becomes a gap. */
    public static List<LogTail> read(KubernetesClient client, Source source, List<Target> targets, int lines,
                                     ExecutorService pool, List<String> gaps) throws InterruptedException {
        List<Future<LogTail>> tails = new ArrayList<>();
        for (Target target : targets) {
            tails.add(pool.submit(() -> new LogTail(source.component(), source.namespace(), target.pod(), RegionObserver.parse(
                    tail(client, source.namespace(), target, lines)))));
        }
        List<LogTail> out = new ArrayList<>();
        for (int i = 0; i < tails.size(); i++) {
            try {
                out.add(tails.get(i).get());
            } catch (ExecutionException e) {
                gaps.add("logs of " + source.namespace() + "/" + targets.get(i).pod() + ": " + Unreachability.describe(e.getCause()));
            }
        }
        return out;
    }
}
