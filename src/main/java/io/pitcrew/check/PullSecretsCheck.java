package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.PullSecret;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runbook §5 "Check image pull secrets" ({@code kubectl get secrets -A | grep ecr}): pull secrets that pods name
 * but that do not exist, and ECR pull secrets written longer ago than an ECR token lives. Only secrets some pod
 * uses count: a stale secret nobody pulls with is no incident.
 */
public final class PullSecretsCheck implements Check {

    public static final String MISSING = "pull-secret-missing";
    public static final String STALE = "pull-secret-stale";

    /** GetAuthorizationToken's tokens are valid for 12 hours; a pull secret holding one is dead after that. */
    static final Duration ECR_TOKEN_LIFETIME = Duration.ofHours(12);

    private static final CheckHeader HEADER = new CheckHeader("pull-secrets", List.of(MISSING, STALE),
            EnumSet.of(Input.PODS, Input.SECRETS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        Map<String, PullSecret> secrets = new HashMap<>();
        for (PullSecret s : region.pullSecrets()) secrets.put(s.namespace() + "/" + s.name(), s);

        Map<String, Set<String>> usedBy = new HashMap<>(); // ns/secret -> pods
        for (Pod pod : region.pods()) {
            if (pod.getSpec() == null || pod.getSpec().getImagePullSecrets() == null) continue;
            if (pod.getStatus() != null && ("Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase()))) continue;
            for (LocalObjectReference ref : pod.getSpec().getImagePullSecrets()) {
                if (ref.getName() == null) continue;
                usedBy.computeIfAbsent(pod.getMetadata().getNamespace() + "/" + ref.getName(), k -> new LinkedHashSet<>())
                        .add(pod.getMetadata().getName());
            }
        }
        EvidenceTally missing = new EvidenceTally();
        EvidenceTally stale = new EvidenceTally();
        usedBy.forEach((key, pods) -> {
            String ns = key.substring(0, key.indexOf('/'));
            String name = key.substring(key.indexOf('/') + 1);
            PullSecret s = secrets.get(key);
            if (s == null) {
                missing.add(new Evidence(r, "Secret", ns, name, "does not exist; " + pods.size() + " pod(s) name it, e.g. "
                        + pods.iterator().next()));
                return;
            }
            boolean ecr = s.registries().stream().anyMatch(h -> h.contains(".dkr.ecr."));
            if (ecr && s.writtenAt() != null && !KubeTime.within(s.writtenAt(), context.now(), ECR_TOKEN_LIFETIME)) {
                stale.add(new Evidence(r, "Secret", ns, name, "ECR pull secret for " + String.join(", ", s.registries())
                        + " last written " + KubeTime.ago(s.writtenAt(), context.now()) + " ago; ECR tokens expire after 12h ("
                        + pods.size() + " pod(s) use it)"));
            }
        });
        List<Signal> out = new ArrayList<>();
        missing.emit(out, MISSING, r, EvidenceTally.count(missing.affected(), "pull secret") + " named by pods but missing");
        stale.emit(out, STALE, r, EvidenceTally.count(stale.affected(), "ECR pull secret") + " older than an ECR token lives (12h)");
        return out;
    }
}
