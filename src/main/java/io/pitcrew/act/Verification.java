package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.config.Region;

import java.util.Optional;

/**
 * Whether an applied edit has taken effect, read back from the cluster: a deployment's rollout is complete (every
 * replica updated and ready, no old one left), a deleted object is gone. Empty when done, else what is missing.
 */
final class Verification {

    private Verification() {}

    static Optional<String> pending(Platform platform, Edit edit) {
        Region region = platform.region(edit.region());
        HasMetadata o = edit.object();
        String ns = o.getMetadata().getNamespace();
        String name = o.getMetadata().getName();
        String what = edit.region() + " " + Edit.describe(o);
        return switch (edit) {
            case Edit.Update u when o instanceof Deployment -> platform.deployment(region, ns, name)
                    .map(d -> rollout(what, d))
                    .orElse(Optional.of(what + ": gone"));
            case Edit.Update u -> Optional.empty();
            case Edit.Delete d -> {
                HasMetadata now = platform.call(region, "get", o.getKind().toLowerCase() + "s", ns,
                        () -> platform.client(region).resource(o).get());
                boolean gone = now == null || !now.getMetadata().getUid().equals(o.getMetadata().getUid());
                yield gone ? Optional.empty() : Optional.of(what + ": still there"
                        + (now.getMetadata().getDeletionTimestamp() != null ? " (terminating)" : ""));
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
