package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runbook §4/§6: "Scale to 10 for workshops with >15 users". The first provisioner of {@code names.provisioners}
 * (the default organisation's) goes to {@code --replicas} (10), the others (experimental, demo) to
 * {@code --others} (4), each at most {@code bounds.provisionerReplicas}.
 */
final class ScaleProvisioners implements Action {

    @Override
    public String id() { return "scale-provisioners"; }

    @Override
    public String summary() {
        return "Scale the Terraform provisioners: default organisation 6 → 10, experimental and demo → 4";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("replicas", "N", "replicas of the default organisation's provisioners (default 10)"),
                new Parameter("others", "N", "replicas of each other provisioner deployment (default 4)"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        int main = p.integer("replicas", 1).orElse(10);
        int others = p.integer("others", 1).orElse(4);
        Names names = platform.config().names();
        Region cp = platform.controlPlane();
        if (names.provisioners().isEmpty()) {
            return Plan.refused(id(), p, List.of(), "pitcrew.yaml lists no provisioners (names.provisioners)");
        }
        List<Scaling> scalings = new ArrayList<>();
        for (int i = 0; i < names.provisioners().size(); i++) {
            String name = names.provisioners().get(i).deployment();
            Optional<Deployment> d = platform.deployment(cp, names.coderNamespace(), name);
            if (d.isEmpty()) {
                return Plan.missing(id(), p, List.of(), cp, names.coderNamespace(), name, "provisioners");
            }
            scalings.add(new Scaling(cp, d.get(), i == 0 ? main : others));
        }
        List<Change> changes = scalings.stream().map(Scaling::change).toList();
        int bound = platform.config().bounds().provisionerReplicas();
        for (Scaling s : scalings) {
            if (s.replicas() > bound) {
                return Plan.refused(id(), p, changes, s.before().getMetadata().getName() + " to " + s.replicas()
                        + " replicas is more than bounds.provisionerReplicas (" + bound + ") in pitcrew.yaml");
            }
        }
        Plan plan = Plan.toApply(id(), p, changes, scalings.stream().flatMap(s -> s.edit().stream()).toList());
        // The inverse restores what was there, when one pair of numbers can say it.
        var otherBefore = new HashSet<Integer>();
        scalings.stream().skip(1).forEach(s -> otherBefore.add(Scaling.replicasOf(s.before())));
        if (otherBefore.size() <= 1) {
            var params = new LinkedHashMap<String, String>();
            params.put("replicas", Integer.toString(Scaling.replicasOf(scalings.getFirst().before())));
            otherBefore.stream().findFirst().ifPresent(o -> params.put("others", Integer.toString(o)));
            plan = plan.withInverse(new Inverse(id(), Map.copyOf(params)));
        }
        return plan;
    }
}
