package io.pitcrew.check;

import io.pitcrew.config.Workshop;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Runbook §3's sizing before the errors show: LiteLLM's ready replicas against the users it serves, which are every
 * region's workspace owners ({@code thresholds.litellmUsersPerReplica} each). Too few is a risk: "LiteLLM capacity
 * exceeded" once the load arrives. Compares regions, since LiteLLM in the control plane serves them all.
 */
public final class LiteLLMSizingCheck implements PlatformCheck {

    public static final String UNDERSIZED = "litellm-undersized";

    private static final CheckHeader HEADER = new CheckHeader("litellm-sizing", List.of(UNDERSIZED),
            EnumSet.of(Input.PODS, Input.DEPLOYMENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        int owners = Sizing.workspaceOwners(snapshot.reachable(), context.names()).size();
        // a workshop running or about to brings its participants, whether or not their workspaces run yet
        Optional<Workshop> workshop = context.workshop().filter(w -> w.participants() > owners);
        int users = workshop.map(Workshop::participants).orElse(owners);
        String who = workshop.map(w -> w.participants() + " participants of workshop " + w.name() + " (" + owners + " workspace owners now)")
                .orElse(users + " workspace owners across the regions");
        int perReplica = context.thresholds().litellmUsersPerReplica();
        List<Signal> out = new ArrayList<>();
        for (RegionSnapshot region : snapshot.reachable()) {
            Optional<Sizing.LiteLLMLoad> load = Sizing.litellm(region, context.names());
            if (load.isEmpty()) continue;
            int needed = Sizing.LiteLLMLoad.byRule(users, context.thresholds());
            int ready = load.get().ready();
            if (ready >= needed) continue;
            String r = region.region().name();
            String detail = who + "; " + ready + " ready replicas serve " + ready * perReplica
                    + " (" + perReplica + " users each): " + needed + " needed (pitcrew fix scale-litellm --replicas "
                    + Math.max(needed, Sizing.LITELLM_SCALED) + ")";
            out.add(new Signal(UNDERSIZED, r, users, who + " on " + ready + " LiteLLM replicas, sized for "
                    + ready * perReplica, List.of(new Evidence(r, "Deployment", context.names().litellmNamespace(),
                    context.names().litellmDeployment(), detail))));
        }
        return out;
    }
}
