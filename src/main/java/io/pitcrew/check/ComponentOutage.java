package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.pitcrew.config.LabelSelector;
import io.pitcrew.config.Names;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One of the platform's own components (coderd or a workspace proxy, the provisioners, LiteLLM's key rotator, Karpenter,
 * the AWS load balancer controller, metrics-server, CoreDNS) down in one region, as its cluster shows it.
 *
 * <p>Down means fewer replicas available than the Deployment needs — its replicas less what its rolling update may
 * take away ({@code maxUnavailable}, Kubernetes' own rule for the {@code Available} condition), and never none — while
 * the pods say why: crash-looping, stuck, or not Ready past {@code pendingGrace} (see {@link PodTrouble}), or the
 * Deployment itself reports no minimum availability past the grace, or failing to create pods. So a rollout that keeps
 * to its {@code maxUnavailable}, or a pod starting after a reschedule, is not an outage. Availability is the lower of the
 * Deployment's status and its Ready pods, so a status not yet updated does not hide pods that stopped serving.
 *
 * <p>A Deployment scaled to zero is someone's decision: {@link ZeroReplicas} says whether it leaves the component down
 * (nothing serves coderd's users, whatever the reason) or is judged elsewhere (the key rotator, which the runbook itself
 * pauses; provisioners, whose baseline may be 0). One paused by {@code pitcrew fix} carries
 * {@code pitcrew.io/paused-replicas} and is never an outage.
 *
 * @param what     the component in a human's words ("CoreDNS")
 * @param absent   no Deployment at all, where one must be ({@link Absence#DOWN})
 * @param evidence the Deployment first, then each pod that does not serve followed by its log's error line (each distinct
 *                 line once: replicas of one Deployment crash alike), so the first three already say what and why
 */
record ComponentOutage(String what, String namespace, String deployment, int desired, int available, int needed,
                       boolean absent, List<Evidence> evidence) {

    /** Set by {@code pitcrew fix pause-key-rotation} on a Deployment it scaled to zero. */
    static final String PAUSED_REPLICAS = "pitcrew.io/paused-replicas";

    /** Most pods named as evidence, so a signal stays readable; the Deployment line carries the counts. */
    private static final int MAX_PODS = 6;

    /** What a Deployment scaled to zero means for this component. */
    enum ZeroReplicas {
        /** Nothing runs it: the component is down. */
        DOWN,
        /** Someone decided so, and another check judges that decision (a pause that outlived its window, a baseline). */
        DECIDED
    }

    /** What it means that the component's Deployment is not there at all. */
    enum Absence {
        /** Not installed in this region: many platforms run without it (Karpenter, metrics-server, ...). */
        NOT_INSTALLED,
        /**
         * Every region has one (coder, CoreDNS): with neither its Deployment nor a pod of its label anywhere, nothing
         * runs it. Pods of its label elsewhere are a misplaced setting instead ({@link ComponentPlaces}); a namespace
         * whose Deployments could not be read says nothing.
         */
        DOWN
    }

    /** The component's outage in this region, or empty when it serves, is starting, or does not run here. */
    static Optional<ComponentOutage> of(RegionSnapshot region, Names.Workload where, String what, LogTail.Component logs,
                                        ZeroReplicas zero, Absence absence, CheckContext context) {
        Deployment d = region.deployments().stream()
                .filter(x -> where.namespace().equals(x.getMetadata().getNamespace()) && where.deployment().equals(x.getMetadata().getName()))
                .findFirst().orElse(null);
        String r = region.region().name();
        if (d == null) return absence == Absence.DOWN ? missing(region, where, what) : Optional.empty();
        if (annotation(d, PAUSED_REPLICAS) != null) return Optional.empty();
        int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (desired == 0) {
            if (zero == ZeroReplicas.DECIDED) return Optional.empty();
            return Optional.of(new ComponentOutage(what, where.namespace(), where.deployment(), 0, 0, 0, false, List.of(
                    new Evidence(r, "Deployment", where.namespace(), where.deployment(), "scaled to 0 replicas: nothing runs " + what))));
        }
        List<Evidence> troubled = new ArrayList<>();
        List<Pod> troubledPods = new ArrayList<>();
        int ready = 0;
        for (Pod p : podsOf(region, d, where)) {
            Optional<String> why = PodTrouble.of(p, region.events(), context);
            if (why.isEmpty()) {
                if (PodTrouble.ready(p)) ready++;
                continue;
            }
            troubledPods.add(p);
            if (troubled.size() < MAX_PODS) troubled.add(new Evidence(r, "Pod", where.namespace(), p.getMetadata().getName(), why.get()));
        }
        Integer reported = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
        int available = d.getStatus() == null ? ready : Math.min(reported == null ? 0 : reported, ready); // the API omits a zero
        int needed = desired - maxUnavailable(d, desired);
        if (available > 0 && available >= needed) return Optional.empty();

        String failing = deploymentFailing(d, context);
        if (troubledPods.isEmpty() && failing == null) return Optional.empty(); // still within the grace of starting

        List<Evidence> evidence = new ArrayList<>();
        String counts = available + " of " + desired + " replicas available (needs " + Math.max(needed, 1) + ")";
        if (troubledPods.size() > troubled.size()) counts += "; " + troubledPods.size() + " pods not serving, " + troubled.size() + " shown";
        evidence.add(new Evidence(r, "Deployment", where.namespace(), where.deployment(), counts + (failing == null ? "" : "; " + failing)));
        evidence.addAll(withErrorLines(region, logs, troubled));
        return Optional.of(new ComponentOutage(what, where.namespace(), where.deployment(), desired, available, needed, false,
                List.copyOf(evidence)));
    }

    private static Optional<ComponentOutage> missing(RegionSnapshot region, Names.Workload where, String what) {
        boolean unread = region.gaps().stream().anyMatch(g -> g.startsWith("deployments in " + where.namespace() + ":"));
        LabelSelector selector = LabelSelector.parse(where.selector());
        boolean podsRun = region.pods().stream().anyMatch(p -> !PodTrouble.gone(p) && selector.matches(p.getMetadata().getLabels()));
        if (unread || podsRun) return Optional.empty();
        return Optional.of(new ComponentOutage(what, where.namespace(), where.deployment(), 0, 0, 0, true, List.of(new Evidence(
                region.region().name(), "Deployment", where.namespace(), where.deployment(), "not found, and no pod labelled "
                + where.selector() + " runs in the region: nothing runs " + what + " (if it runs under other names, set them in names:)"))));
    }

    boolean noneAvailable() { return available == 0; }

    /** Replicas missing: what drives severity. */
    int unavailable() { return Math.max(1, desired - available); }

    /** "CoreDNS (kube-system/coredns): 0 of 2 replicas available". */
    String summary() {
        return what + " (" + namespace + "/" + deployment + "): " + (absent ? "not found"
                : desired == 0 ? "scaled to 0 replicas" : available + " of " + desired + " replicas available");
    }

    Signal signal(String id, String region) {
        return new Signal(id, region, unavailable(), summary(), evidence);
    }

    /** The Deployment's pods: those its own selector selects (the configured one when it has none), still running. */
    private static List<Pod> podsOf(RegionSnapshot region, Deployment d, Names.Workload where) {
        LabelSelector own = LabelSelector.of(d);
        LabelSelector selector = own == null ? LabelSelector.parse(where.selector()) : own;
        return region.pods().stream()
                .filter(p -> where.namespace().equals(p.getMetadata().getNamespace()) && selector.matches(p.getMetadata().getLabels()))
                .filter(p -> !PodTrouble.gone(p)).toList();
    }

    /**
     * What a rolling update may take away: {@code maxUnavailable} as a number or a percentage of the replicas rounded
     * down (Kubernetes' default 25%); nothing for Recreate, which Kubernetes treats the same way.
     */
    static int maxUnavailable(Deployment d, int desired) {
        var strategy = d.getSpec() == null ? null : d.getSpec().getStrategy();
        if (strategy != null && "Recreate".equals(strategy.getType())) return 0;
        IntOrString max = strategy == null || strategy.getRollingUpdate() == null ? null : strategy.getRollingUpdate().getMaxUnavailable();
        int value;
        if (max == null) {
            value = desired * 25 / 100;
        } else if (max.getIntVal() != null) {
            value = max.getIntVal();
        } else {
            String s = max.getStrVal().strip();
            try {
                value = s.endsWith("%") ? desired * Integer.parseInt(s.substring(0, s.length() - 1)) / 100 : Integer.parseInt(s);
            } catch (NumberFormatException e) {
                value = desired * 25 / 100; // the API server rejects such a value; if one is read anyway, take the default
            }
        }
        return Math.clamp(value, 0, desired);
    }

    /**
     * The Deployment's own word that it is failing: pods it cannot create ({@code ReplicaFailure}), a rollout past its
     * deadline, or no minimum availability for longer than the grace.
     */
    private static String deploymentFailing(Deployment d, CheckContext context) {
        if (d.getStatus() == null || d.getStatus().getConditions() == null) return null;
        for (DeploymentCondition c : d.getStatus().getConditions()) {
            if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) return describe(c, "");
            if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
                return describe(c, "");
            }
        }
        for (DeploymentCondition c : d.getStatus().getConditions()) {
            if (!"Available".equals(c.getType()) || !"False".equals(c.getStatus())) continue;
            Instant since = KubeTime.parse(c.getLastTransitionTime());
            if (since != null && !KubeTime.within(since, context.now(), context.thresholds().pendingGrace())) {
                return describe(c, " for " + KubeTime.ago(since, context.now()));
            }
        }
        return null;
    }

    /** "Available=False MinimumReplicasUnavailable for 9m: Deployment does not have minimum availability." */
    private static String describe(DeploymentCondition c, String age) {
        return c.getType() + "=" + c.getStatus() + (c.getReason() == null ? "" : " " + c.getReason()) + age
                + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /** Each pod's evidence followed by its log's error line, when that line was not shown for another pod already. */
    static List<Evidence> withErrorLines(RegionSnapshot region, LogTail.Component component, List<Evidence> pods) {
        Set<String> seen = new LinkedHashSet<>();
        List<Evidence> out = new ArrayList<>();
        for (Evidence pod : pods) {
            out.add(pod);
            region.logs(component).stream().filter(t -> t.pod().equals(pod.name()) && t.namespace().equals(pod.namespace())).findFirst()
                    .ifPresent(tail -> ErrorLine.of(tail).filter(line -> seen.add(line.text().strip()))
                            .ifPresent(line -> out.add(LogEvidence.of(region.region().name(), tail, line))));
        }
        return out;
    }

    private static String annotation(Deployment d, String key) {
        return d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(key);
    }
}
