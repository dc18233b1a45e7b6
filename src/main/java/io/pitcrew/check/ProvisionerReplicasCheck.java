package io.pitcrew.check;

import io.pitcrew.config.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.config.Names;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runbook §4/§6 "Check provisioner replica counts and status": provisioner deployments with fewer ready replicas
 * than the runbook's baseline, and a default provisioner too small for a large workshop (">15 users needs 8-10").
 * Only deployments present in the region are judged: proxy regions run no provisioners and raise nothing.
 */
public final class ProvisionerReplicasCheck implements Check {

    public static final String BELOW_BASELINE = "provisioners-below-baseline";
    public static final String UNDERSIZED = "provisioners-undersized";

    /** Workspace owner labels of Coder's Kubernetes template; the username, else the user id. */
    static final String OWNER_LABEL = "com.coder.user.username";
    static final String OWNER_ID_LABEL = "com.coder.user.id";

    private static final CheckHeader HEADER = new CheckHeader("provisioner-replicas",
            List.of(BELOW_BASELINE, UNDERSIZED), EnumSet.of(Input.DEPLOYMENTS, Input.PODS));

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
            int owners = workspaceOwners(region, LabelSelector.parse(names.workspaceSelector()));
            int replicas = desired(mainDeployment);
            var t = context.thresholds();
            if (owners > t.largeWorkshopUsers() && replicas < t.largeWorkshopProvisioners()) {
                String detail = owners + " workspace owners, " + replicas + " replicas (more than " + t.largeWorkshopUsers()
                        + " users needs at least " + t.largeWorkshopProvisioners() + ")";
                // affected counts the users waiting on the undersized provisioners, which is what drives severity.
                out.add(new Signal(UNDERSIZED, r, owners,
                        owners + " workspace owners but " + main.deployment() + " runs " + replicas + " replicas",
                        List.of(new Evidence(r, "Deployment", names.coderNamespace(), main.deployment(), detail))));
            }
        }
        return out;
    }

    static int ready(Deployment d) {
        Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready; // the API omits readyReplicas when it is zero
    }

    static int desired(Deployment d) {
        Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
        return replicas == null ? 1 : replicas; // Kubernetes' default for an unset spec.replicas
    }

    /** Distinct owners of workspaces that are running or about to (finished pods belong to nobody's workshop). */
    static int workspaceOwners(RegionSnapshot region, LabelSelector workspaces) {
        Set<String> owners = new HashSet<>();
        for (Pod p : region.pods()) {
            Map<String, String> labels = p.getMetadata().getLabels();
            if (!workspaces.matches(labels)) continue;
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (!"Running".equals(phase) && !"Pending".equals(phase)) continue;
            String owner = labels.getOrDefault(OWNER_LABEL, labels.get(OWNER_ID_LABEL));
            if (owner != null) owners.add(owner);
        }
        return owners.size();
    }
}
