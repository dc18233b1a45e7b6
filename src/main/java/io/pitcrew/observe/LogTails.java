package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.config.LabelSelector;
import io.pitcrew.config.Names;

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
 * request on every sweep. A sweep reads them once; {@code pitcrew serve} polls them, taking the pods from its watched cache.
 */
public final class LogTails {

    /** The runbook reads at most this many pods' logs per component (e.g. 10 provisioners). */
    static final int MAX_LOG_PODS = 20;

    /**
     * Which pods' logs a component's tail is read from.
     *
     * @param notReadyOnly read only the pods that are not Ready (and have not finished)
     */
    public record Source(LogTail.Component component, String namespace, String selector, boolean notReadyOnly) {

        /** A source whose every pod's log is read. */
        public Source(LogTail.Component component, String namespace, String selector) {
            this(component, namespace, selector, false);
        }
    }

    private LogTails() {}

    /** The components whose logs are read, with their namespaces and label selectors from pitcrew.yaml. */
    public static List<Source> sources(Names names) {
        return List.of(
                new Source(LogTail.Component.KARPENTER, names.karpenterNamespace(), names.karpenterSelector()),
                new Source(LogTail.Component.KEY_ROTATOR, names.litellmNamespace(), names.keyRotatorSelector()),
                new Source(LogTail.Component.PROVISIONER, names.coderNamespace(), names.provisionerSelector()),
                new Source(LogTail.Component.LITELLM, names.litellmNamespace(), names.litellmSelector()),
                new Source(LogTail.Component.CODER, names.coderNamespace(), names.coderSelector(), true),
                new Source(LogTail.Component.LOAD_BALANCER_CONTROLLER, names.loadBalancerControllerNamespace(),
                        names.loadBalancerControllerSelector(), true),
                new Source(LogTail.Component.METRICS_SERVER, names.metricsServerNamespace(), names.metricsServerSelector(), true),
                new Source(LogTail.Component.COREDNS, names.corednsNamespace(), names.corednsSelector(), true));
    }

    /** The names of the pods of {@code pods} a source reads, at most {@link #MAX_LOG_PODS}. */
    public static List<String> podsOf(Source source, List<Pod> pods) {
        LabelSelector selector = LabelSelector.parse(source.selector());
        return pods.stream().filter(p -> source.namespace().equals(p.getMetadata().getNamespace())
                        && selector.matches(p.getMetadata().getLabels()))
                .filter(p -> !source.notReadyOnly() || notReady(p))
                .limit(MAX_LOG_PODS).map(p -> p.getMetadata().getName()).toList();
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
    static String tail(KubernetesClient client, String namespace, String pod, int lines) {
        String base = client.getMasterUrl().toString();
        String url = (base.endsWith("/") ? base : base + "/") + "api/v1/namespaces/"
                + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/pods/"
                + URLEncoder.encode(pod, StandardCharsets.UTF_8) + "/log?timestamps=true&tailLines=" + lines;
        String log = client.raw(url);
        if (log == null) throw new IllegalStateException("pod " + namespace + "/" + pod + " not found (404)");
        return log;
    }

    /** The tails of the named pods, read in parallel; a pod whose log cannot be read becomes a gap. */
    public static List<LogTail> read(KubernetesClient client, Source source, List<String> podNames, int lines,
                                     ExecutorService pool, List<String> gaps) throws InterruptedException {
        List<Future<LogTail>> tails = new ArrayList<>();
        for (String name : podNames) {
            tails.add(pool.submit(() -> new LogTail(source.component(), source.namespace(), name, RegionObserver.parse(
                    tail(client, source.namespace(), name, lines)))));
        }
        List<LogTail> out = new ArrayList<>();
        for (int i = 0; i < tails.size(); i++) {
            try {
                out.add(tails.get(i).get());
            } catch (ExecutionException e) {
                gaps.add("logs of " + source.namespace() + "/" + podNames.get(i) + ": " + Unreachability.describe(e.getCause()));
            }
        }
        return out;
    }
}
