package io.pitcrew.act;

import io.pitcrew.config.Names;
import io.pitcrew.config.Region;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runbook §2/§5: restart coderd (control plane) or a workspace proxy, one region ({@code --region}) or all:
 * {@code kubectl rollout restart deployment/coder}, done as a new restartedAt on the pod template.
 */
final class RestartCoder implements Action {

    @Override
    public String id() { return "restart-coder"; }

    @Override
    public String summary() { return "Rolling restart of Coder (coderd and the workspace proxies), one region or all"; }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("region", "REGION", "only this region (default: every region)"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        List<Region> regions = p.text("region").map(r -> List.of(platform.region(r))).orElse(platform.config().regions());
        Names names = platform.config().names();
        return restart(id(), p, platform, regions, names.coderNamespace(), names.coderDeployment(), "coderDeployment");
    }

    /** A rolling restart of one deployment in each of {@code regions}. */
    static Plan restart(String action, Parameters p, Platform platform, List<Region> regions, String namespace,
                        String deployment, String configKey) {
        Instant now = Instant.now();
        List<Change> changes = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        for (Region r : regions) {
            var d = platform.deployment(r, namespace, deployment);
            if (d.isEmpty()) {
                return Plan.missing(action, p, changes, r, namespace, deployment, configKey);
            }
            Rollout rollout = new Rollout(r, d.get(), now, platform.startedAt());
            changes.add(rollout.change());
            rollout.edit().ifPresent(edits::add);
        }
        return Plan.toApply(action, p, changes, edits);
    }
}
