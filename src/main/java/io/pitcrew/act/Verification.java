package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.config.Region;
import io.pitcrew.observe.registry.DigestResult;

import java.util.Optional;

/**
 * Whether an applied edit has taken effect, read back from the cluster: a deployment's rollout is complete (every
 * replica updated and ready, no old one left), a deleted object is gone. Empty when done, else what is missing.
 */
final class Verification {

    private Verification() {}

    static Optional<String> pending(Platform platform, Edit edit) {
        String what = edit.region() + " " + edit.object();
        return switch (edit) {
            case Edit.Update u when u.before() instanceof Deployment d -> platform.deployment(platform.region(u.region()),
                            d.getMetadata().getNamespace(), d.getMetadata().getName())
                    .map(now -> rollout(what, now))
                    .orElse(Optional.of(what + ": gone"));
            case Edit.Update u -> Optional.empty();
            case Edit.Delete d -> {
                Region region = platform.region(d.region());
                HasMetadata o = d.target();
                HasMetadata now = platform.call(region, "get", o.getKind().toLowerCase() + "s", o.getMetadata().getNamespace(),
                        () -> platform.client(region).resource(o).get());
                boolean gone = now == null || !now.getMetadata().getUid().equals(o.getMetadata().getUid());
                yield gone ? Optional.empty() : Optional.of(what + ": still there"
                        + (now.getMetadata().getDeletionTimestamp() != null ? " (terminating)" : ""));
            }
            case Edit.CopyImage c -> {
                DigestResult now = platform.registries().digest(c.to());
                yield now instanceof DigestResult.Found f && f.digest().equals(c.digest()) ? Optional.empty()
                        : Optional.of(what + ": digest is " + Registries.describe(now) + ", not " + c.digest());
            }
        };
    }

    /** The rollout of a deployment as kubectl rollout status judges it. */
    static Optional<String> rollout(String what, Deployment d) {
        int wanted = Scaling.replicasOf(d);
        var s = d.getStatus();
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        long observed = s == null || s.getObservedGeneration() == null ? generation : s.getObservedGeneration();
        int updated = s == null || s.getUpdatedReplicas() == null ? 0 : s.getUpdatedReplicas();
        int ready = s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas();
        int total = s == null || s.getReplicas() == null ? 0 : s.getReplicas();
        if (observed < generation) return Optional.of(what + ": the deployment controller has not seen the change yet");
        if (updated < wanted) return Optional.of(what + ": " + updated + " of " + wanted + " replicas updated");
        if (total > wanted) return Optional.of(what + ": " + (total - wanted) + " old replicas still terminating");
        if (ready < wanted) return Optional.of(what + ": " + ready + " of " + wanted + " replicas ready");
        return Optional.empty();
    }
}
