package io.pitcrew.act;

import io.pitcrew.config.Names;
import io.pitcrew.config.Region;

import java.util.List;
import java.util.Map;

/** Runbook §3: "Scale LiteLLM replicas from 4 to 6-8", at most {@code bounds.litellmReplicas}. */
final class ScaleLitellm implements Action {

    @Override
    public String id() { return "scale-litellm"; }

    @Override
    public String summary() { return "Scale LiteLLM replicas from 4 to 6-8"; }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("replicas", "N", "LiteLLM replicas (default 6)"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        int replicas = p.integer("replicas", 1).orElse(6);
        Names names = platform.config().names();
        Region cp = platform.controlPlane();
        var d = platform.deployment(cp, names.litellmNamespace(), names.litellmDeployment());
        if (d.isEmpty()) {
            return Plan.missing(id(), p, List.of(), cp, names.litellmNamespace(), names.litellmDeployment(), "litellmDeployment");
        }
        Scaling s = new Scaling(cp, d.get(), replicas);
        int bound = platform.config().bounds().litellmReplicas();
        if (replicas > bound) {
            return Plan.refused(id(), p, List.of(s.change()), replicas + " replicas is more than bounds.litellmReplicas ("
                    + bound + ") in pitcrew.yaml");
        }
        return Plan.toApply(id(), p, List.of(s.change()), s.edit().stream().toList())
                .withInverse(new Inverse(id(), Map.of("replicas", Integer.toString(Scaling.replicasOf(d.get())))));
    }
}
