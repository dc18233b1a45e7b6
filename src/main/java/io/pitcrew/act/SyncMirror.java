package io.pitcrew.act;

import io.pitcrew.config.Probes;
import io.pitcrew.observe.registry.DigestResult;
import io.pitcrew.image.ImageRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runbook §2/§5: re-push {@code ghcr.io/coder/coder-preview:latest} into the ECR mirror ("crane copy"), then restart
 * Coder in every region so each pulls the same build. Copied registry to registry (blobs, child manifests, the tag);
 * in effect when the mirror already has the upstream's digest.
 */
final class SyncMirror implements Action {

    @Override
    public String id() { return "sync-mirror"; }

    @Override
    public String summary() {
        return "Copy the upstream image (ghcr.io/coder/coder-preview:latest) into the mirror, then restart Coder in every region";
    }

    @Override
    public List<Parameter> parameters() { return List.of(); }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        Optional<Probes.Mirror> mirror = platform.registries().mirror();
        if (mirror.isEmpty()) {
            return Plan.refused(id(), p, List.of(), "pitcrew.yaml has no mirror: block naming the upstream image and the mirror");
        }
        ImageRef upstream = ImageRef.parse(mirror.get().upstream());
        ImageRef target = ImageRef.parse(mirror.get().image());
        DigestResult up = platform.registries().digest(upstream);
        if (!(up instanceof DigestResult.Found found)) {
            throw new ActionFailed("cannot read " + upstream + ": " + Registries.describe(up) + " — nothing to copy", null);
        }
        DigestResult now = platform.registries().digest(target);
        if (now instanceof DigestResult.Denied || now instanceof DigestResult.Unreachable || now instanceof DigestResult.RateLimited) {
            throw new ActionFailed("cannot read " + target + ": " + Registries.describe(now)
                    + " — check mirror.username and the mirror's password (passwordFile, passwordEnv or AWS credentials for ECR)", null);
        }
        Edit.CopyImage copy = new Edit.CopyImage(upstream, target, found.digest());
        List<Change> changes = new ArrayList<>(List.of(new Change(copy.region(), copy.object(), "digest",
                Registries.describe(now), found.digest())));
        if (now instanceof DigestResult.Found f && f.digest().equals(found.digest())) {
            return Plan.alreadyInEffect(id(), p, changes);
        }
        var names = platform.config().names();
        Plan restart = RestartCoder.restart(id(), p, platform, platform.config().regions(), names.coderNamespace(),
                names.coderDeployment(), "coderDeployment");
        if (restart.isRefused()) return restart;
        changes.addAll(restart.changes());
        // The copy first: the restarts are only worth doing once the mirror has the new build.
        List<Edit> edits = new ArrayList<>(List.of(copy));
        edits.addAll(restart.edits());
        return Plan.toApply(id(), p, changes, edits);
    }
}
