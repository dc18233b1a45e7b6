package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.pitcrew.config.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runbook §3: "Re-enable after workshop". Scales the key rotator back to the replicas it had when paused (the
 * deployment's {@code pitcrew.io/paused-replicas}), else {@code --replicas}, else the runbook's 1.
 */
final class ResumeKeyRotation implements Action {

    @Override
    public String id() { return "resume-key-rotation"; }

    @Override
    public String summary() { return "Re-enable the LiteLLM key rotation: the rotator back to its replicas before the pause"; }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("replicas", "N", "replicas to restore (default: as many as before the pause, else 1)"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        Region cp = platform.controlPlane();
        Optional<Deployment> found = PauseKeyRotation.rotator(platform);
        if (found.isEmpty()) return PauseKeyRotation.rotatorMissing(id(), p, platform);
        Deployment d = found.get();
        Optional<String> paused = PauseKeyRotation.annotation(d, PauseKeyRotation.PAUSED_REPLICAS);
        int replicas = p.integer("replicas", 1).orElseGet(() -> paused.map(Integer::parseInt).orElse(1));
        Scaling s = new Scaling(cp, d, replicas);
        List<Change> changes = new ArrayList<>(List.of(s.change()));
        Optional<String> resumeAt = PauseKeyRotation.annotation(d, PauseKeyRotation.RESUME_AT);
        paused.ifPresent(v -> changes.add(new Change(cp.name(), Edit.describe(d),
                "metadata.annotations[" + PauseKeyRotation.PAUSED_REPLICAS + "]", v, "(none)")));
        resumeAt.ifPresent(v -> changes.add(new Change(cp.name(), Edit.describe(d),
                "metadata.annotations[" + PauseKeyRotation.RESUME_AT + "]", v, "(none)")));
        if (s.edit().isEmpty() && paused.isEmpty() && resumeAt.isEmpty()) {
            return Plan.alreadyInEffect(id(), p, changes);
        }
        Deployment after = new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().editMetadata()
                .removeFromAnnotations(PauseKeyRotation.PAUSED_REPLICAS).removeFromAnnotations(PauseKeyRotation.RESUME_AT)
                .endMetadata().build();
        return Plan.toApply(id(), p, changes, List.of(new Edit.Update(cp.name(), d, after)))
                .withInverse(new Inverse("pause-key-rotation", Map.of()));
    }
}
