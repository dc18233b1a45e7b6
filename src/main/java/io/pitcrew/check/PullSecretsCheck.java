package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.PullSecret;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
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
    public static final Duration ECR_TOKEN_LIFETIME = Duration.ofHours(12);

    private static final CheckHeader HEADER = new CheckHeader("pull-secrets", List.of(MISSING, STALE),
            EnumSet.of(Input.PODS, Input.SECRETS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    /** A pull secret that running or pending pods name, with the secret as read (empty: it does not exist). */
    public record InUse(String namespace, String name, Set<String> pods, Optional<PullSecret> secret) {

        /** Its registries include an ECR one: its password is a 12-hour token. */
        public boolean ecr() {
            return secret.isPresent() && secret.get().registries().stream().anyMatch(h -> h.contains(".dkr.ecr."));
        }

        /** When its ECR token expires: 12 hours after it was last written; empty when not ECR or the time is unknown. */
        public Optional<Instant> expires() {
            return ecr() && secret.get().writtenAt() != null ? Optional.of(secret.get().writtenAt().plus(ECR_TOKEN_LIFETIME)) : Optional.empty();
        }
    }

    /** The pull secrets pods use, in the order pods name them. Only those count: a stale secret nobody pulls with is no incident. */
    public static List<InUse> inUse(RegionSnapshot region) {
        Map<String, PullSecret> secrets = new HashMap<>();
        for (PullSecret s : region.pullSecrets()) secrets.put(s.namespace() + "/" + s.name(), s);
        Map<String, Set<String>> usedBy = new LinkedHashMap<>(); // ns/secret -> pods
        for (Pod pod : region.pods()) {
            if (pod.getSpec() == null || pod.getSpec().getImagePullSecrets() == null) continue;
            if (pod.getStatus() != null && ("Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase()))) continue;
            for (LocalObjectReference ref : pod.getSpec().getImagePullSecrets()) {
                if (ref.getName() == null) continue;
                usedBy.computeIfAbsent(pod.getMetadata().getNamespace() + "/" + ref.getName(), k -> new LinkedHashSet<>())
                        .add(pod.getMetadata().getName());
            }
        }
        List<InUse> out = new ArrayList<>();
        usedBy.forEach((key, pods) -> out.add(new InUse(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1), pods,
                Optional.ofNullable(secrets.get(key)))));
        return out;
    }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally missing = new EvidenceTally();
        EvidenceTally stale = new EvidenceTally();
        for (InUse u : inUse(region)) {
            if (u.secret().isEmpty()) {
                missing.add(new Evidence(r, "Secret", u.namespace(), u.name(), "does not exist; " + u.pods().size() + " pod(s) name it, e.g. "
                        + u.pods().iterator().next()));
                continue;
            }
            PullSecret s = u.secret().get();
            if (u.ecr() && s.writtenAt() != null && !KubeTime.within(s.writtenAt(), context.now(), ECR_TOKEN_LIFETIME)) {
                stale.add(new Evidence(r, "Secret", u.namespace(), u.name(), "ECR pull secret for " + String.join(", ", s.registries())
                        + " last written " + KubeTime.ago(s.writtenAt(), context.now()) + " ago; ECR tokens expire after 12h ("
                        + u.pods().size() + " pod(s) use it)"));
            }
        }
        List<Signal> out = new ArrayList<>();
        missing.emit(out, MISSING, r, EvidenceTally.count(missing.affected(), "pull secret") + " named by pods but missing");
        stale.emit(out, STALE, r, EvidenceTally.count(stale.affected(), "ECR pull secret") + " older than an ECR token lives (12h)");
        return out;
    }
}
