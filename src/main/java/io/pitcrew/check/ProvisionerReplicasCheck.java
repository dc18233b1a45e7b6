package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.config.Names;
import io.pitcrew.config.Workshop;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runbook §4/§6 "Check provisioner replica counts and status": provisioner deployments with fewer ready replicas
 * than the runbook's baseline, and a default provisioner too small for a large workshop (">15 users needs 8-10").
 * Only deployments present in the region are judged: proxy regions run no provisioners and raise nothing.
 */
public final class ProvisionerReplicasCheck implements Check {

    public static final String BELOW_BASELINE = "provisioners-below-baseline";
    public static final String UNDERSIZED = "provisioners-undersized";

    // CLOCK: a workshop window opening changes the users the rule counts, with nothing changed in the cluster
    private static final CheckHeader HEADER = new CheckHeader("provisioner-replicas",
            List.of(BELOW_BASELINE, UNDERSIZED), EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        Names names = context.names();
        if (names.provisioners().isEmpty()) return List.of();
        Map<String, Deployment> present = new HashMap<>();
        for (Deployment d : region.deployments()) {
            if (names.coderNamespace().equals(d.getMetadata().getNamespace())) present.put(d.getMetadata().getName(), d);
        }

        EvidenceTally below = new EvidenceTally();
        for (Names.Provisioner p : names.provisioners()) {
            Deployment d = present.get(p.deployment());
            if (d == null) continue;
            int ready = ready(d);
            if (ready < p.baseline()) {
                below.add(new Evidence(r, "Deployment", names.coderNamespace(), p.deployment(),
                        "ready " + ready + " of baseline " + p.baseline()));
            }
        }
        List<Signal> out = new ArrayList<>();
        below.emit(out, BELOW_BASELINE, r,
                EvidenceTally.count(below.affected(), "provisioner deployment") + " below baseline");

        // The runbook lists the default organisation's provisioners first; they take the workshop's jobs.
        Names.Provisioner main = names.provisioners().getFirst();
        Deployment mainDeployment = present.get(main.deployment());
        if (mainDeployment != null) {
            int owners = Sizing.workspaceOwners(List.of(region), names).size();
            // a workshop running or about to brings its participants, whether or not their workspaces run yet
            Optional<Workshop> workshop = context.workshop().filter(w -> w.participants() > owners);
            int users = workshop.map(Workshop::participants).orElse(owners);
            String who = workshop.map(w -> w.participants() + " participants of workshop " + w.name() + " (" + owners + " workspace owners now)")
                    .orElse(owners + " workspace owners");
            int replicas = desired(mainDeployment);
            var t = context.thresholds();
            if (users > t.largeWorkshopUsers() && replicas < t.largeWorkshopProvisioners()) {
                String detail = who + ", " + replicas + " replicas (more than " + t.largeWorkshopUsers()
                        + " users needs at least " + t.largeWorkshopProvisioners() + ")";
                // affected counts the users waiting on the undersized provisioners, which is what drives severity.
                out.add(new Signal(UNDERSIZED, r, users,
                        who + " but " + main.deployment() + " runs " + replicas + " replicas",
                        List.of(new Evidence(r, "Deployment", names.coderNamespace(), main.deployment(), detail))));
            }
        }
        return out;
    }

    static int ready(Deployment d) {
        return Sizing.ready(d);
    }

    static int desired(Deployment d) {
        return Sizing.desired(d);
    }
}
