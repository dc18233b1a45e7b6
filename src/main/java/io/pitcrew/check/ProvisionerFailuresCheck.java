package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pitcrew.config.WorkloadPods;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Runbook §6 "Provisioner Failures", the part Kubernetes shows: provisioners OOMKilled at their 500m / 512 MB
 * limits, a provisioner service account without its IAM role (or AWS refusing it), and Terraform state locks in
 * the provisioner logs. Regions without provisioner pods (the proxies) raise nothing.
 */
public final class ProvisionerFailuresCheck implements Check {

    public static final String OOM_KILLED = "provisioner-oom-killed";
    public static final String CPU_THROTTLED = "provisioner-cpu-throttled";
    /**
     * CPU use at this share of the limit means the kernel is throttling the container: a pod cannot use more
     * than its limit, so usage pinned just under it is the throttle, not headroom.
     */
    static final int THROTTLED_PERCENT = 95;
    public static final String IAM_ROLE_MISSING = "provisioner-iam-role-missing";
    public static final String AWS_DENIED = "provisioner-aws-denied";
    public static final String STATE_LOCKED = "terraform-state-locked";

    static final String ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

    private static final CheckHeader HEADER = new CheckHeader("provisioner-failures",
            List.of(OOM_KILLED, CPU_THROTTLED, IAM_ROLE_MISSING, AWS_DENIED, STATE_LOCKED),
            EnumSet.of(Input.PODS, Input.DEPLOYMENTS, Input.SERVICE_ACCOUNTS, Input.POD_METRICS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        List<Pod> pods = WorkloadPods.provisioners(context.names()).of(region.pods(), region.deployments());
        if (pods.isEmpty()) return List.of();
        List<Signal> out = new ArrayList<>();

        EvidenceTally oom = new EvidenceTally();
        for (Pod p : pods) {
            if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) continue;
            for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
                if (last == null || !"OOMKilled".equals(last.getReason())) continue;
                Instant at = KubeTime.parse(last.getFinishedAt());
                if (at != null && !KubeTime.within(at, context.now(), context.thresholds().restartWindow())) continue;
                oom.add(new Evidence(r, "Pod", p.getMetadata().getNamespace(), p.getMetadata().getName(),
                        "OOMKilled (exit " + last.getExitCode() + ")" + (at == null ? "" : " " + KubeTime.ago(at, context.now()) + " ago")
                                + ", restarts " + cs.getRestartCount() + limits(p)));
            }
        }
        oom.emit(out, OOM_KILLED, r, EvidenceTally.count(oom.affected(), "provisioner") + " OOMKilled at their memory limit");

        var metrics = PodUsage.metricsByPod(region);
        EvidenceTally throttled = new EvidenceTally();
        for (Pod p : pods) {
            PodUsage.of(p, metrics).filter(u -> u.cpuAtLeast(THROTTLED_PERCENT)).ifPresent(u -> throttled.add(new Evidence(r, "Pod",
                    p.getMetadata().getNamespace(), p.getMetadata().getName(), "at its CPU limit, throttled: " + u.describe())));
        }
        throttled.emit(out, CPU_THROTTLED, r, EvidenceTally.count(throttled.affected(), "provisioner") + " at "
                + THROTTLED_PERCENT + "% or more of their CPU limit");

        EvidenceTally role = new EvidenceTally();
        for (String account : serviceAccountsOf(pods)) {
            ServiceAccount sa = region.serviceAccounts().stream().filter(s -> account.equals(s.getMetadata().getName())).findFirst().orElse(null);
            if (sa == null) continue; // a missing account keeps pods from starting; the pods' own state says so
            var annotations = sa.getMetadata().getAnnotations();
            if (annotations == null || annotations.get(ROLE_ANNOTATION) == null || annotations.get(ROLE_ANNOTATION).isBlank()) {
                role.add(new Evidence(r, "ServiceAccount", sa.getMetadata().getNamespace(), account,
                        "no " + ROLE_ANNOTATION + " annotation: provisioners run without their AWS IAM role"));
            }
        }
        role.emit(out, IAM_ROLE_MISSING, r, "provisioner service account without an IAM role");

        EvidenceTally denied = LogEvidence.recent(region, LogTail.Component.PROVISIONER, context.thresholds().logWindow(),
                context, text -> context.patterns().awsDenied().matcher(text).find());
        denied.emit(out, AWS_DENIED, r, EvidenceTally.count(denied.affected(), "provisioner log line") + " where AWS refuses the role");
        EvidenceTally locked = LogEvidence.recent(region, LogTail.Component.PROVISIONER, context.thresholds().logWindow(),
                context, text -> context.patterns().terraformStateLock().matcher(text).find());
        locked.emit(out, STATE_LOCKED, r, EvidenceTally.count(locked.affected(), "provisioner log line") + " about a Terraform state lock");
        return out;
    }

    private static List<String> serviceAccountsOf(List<Pod> pods) {
        return pods.stream().map(p -> p.getSpec() == null || p.getSpec().getServiceAccountName() == null ? "default"
                : p.getSpec().getServiceAccountName()).distinct().toList();
    }

    private static String limits(Pod p) {
        if (p.getSpec() == null || p.getSpec().getContainers() == null || p.getSpec().getContainers().isEmpty()) return "";
        var res = p.getSpec().getContainers().getFirst().getResources();
        if (res == null || res.getLimits() == null || res.getLimits().get("memory") == null) return "";
        return "; memory limit " + res.getLimits().get("memory").toString().toLowerCase(Locale.ROOT).replace("mi", "Mi").replace("gi", "Gi");
    }
}
