package io.pitcrew.preflight;

import io.pitcrew.check.Sizing;
import io.pitcrew.config.Thresholds;
import io.pitcrew.runbook.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runbook §3 before the fact: "LiteLLM capacity exceeded (4 replicas @ 2 vCPU / 4 GB each)". Its replicas against N
 * concurrent users ({@code thresholds.litellmUsersPerReplica} each), and its headroom: what the replicas use of their
 * cpu now, per user of today, grown to N users, must stay under {@code litellmSaturationPercent}.
 */
final class LiteLLMReadiness implements Readiness {

    static final String NAME = "litellm";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of("litellm-auth/litellm-outage", "litellm-auth/litellm-capacity-exceeded", "litellm-auth/litellm-undersized");
    }

    private static String replicas(int n) {
        return n + (n == 1 ? " replica" : " replicas");
    }

    @Override
    public List<Item> judge(Inputs in) {
        String cp = in.controlPlaneName();
        List<Item> out = new ArrayList<>();
        for (Finding f : in.findings(claims(), null)) {
            if (!f.key().equals("litellm-auth/litellm-undersized")) out.add(Inputs.item(NAME, cp, f));
        }
        if (!out.isEmpty()) return out;
        if (in.controlPlane().isEmpty()) return List.of(Item.risk(NAME, cp, "not judged: the control plane was not read", null));
        Optional<Sizing.LiteLLMLoad> found = Sizing.litellm(in.controlPlane().get(), in.config().names());
        if (found.isEmpty()) {
            return List.of(Item.risk(NAME, cp, in.config().names().litellmDeployment() + " not found in " + in.config().names().litellmNamespace()
                    + " (names.litellmDeployment): AI features would not work", null));
        }
        Sizing.LiteLLMLoad load = found.get();
        Thresholds t = in.config().thresholds();
        int n = in.workshop().participants();
        int usersNow = Sizing.workspaceOwners(in.snapshot().reachable(), in.config().names()).size();
        int byRule = Sizing.LiteLLMLoad.byRule(n, t);
        Optional<Integer> forHeadroom = load.forHeadroom(n, usersNow, t);
        int needed = Math.max(byRule, forHeadroom.orElse(0));
        Optional<Integer> projected = load.projectedPercent(n, usersNow, Math.max(load.ready(), 1));
        String rule = n + " participants need " + replicas(needed) + " of LiteLLM (" + t.litellmUsersPerReplica() + " users each"
                + forHeadroom.map(h -> "; at today's " + load.cpuPercent() + "% cpu for " + usersNow + " users, " + replicas(h) + (h == 1 ? " stays" : " stay") + " under "
                + t.litellmSaturationPercent() + "%").orElse("; no load measured to project") + ")";
        String runs = in.config().names().litellmDeployment() + " runs " + load.desired() + " (" + load.ready() + " ready)"
                + projected.map(p -> ", each at about " + p + "% of its cpu for " + n).orElse("");
        if (load.ready() >= needed) return List.of(Item.ok(NAME, cp, rule + "; " + runs));
        int bound = in.config().bounds().litellmReplicas();
        int replicas = Math.min(Math.max(needed, Sizing.LITELLM_SCALED), bound);
        String fix = "pitcrew fix scale-litellm --replicas " + replicas;
        if (needed > bound) {
            return List.of(Item.blocker(NAME, cp, rule + "; " + runs + "; more than bounds.litellmReplicas (" + bound + ") allows", fix));
        }
        boolean overwhelmed = projected.map(p -> p >= 100).orElse(false);
        return List.of(overwhelmed ? Item.blocker(NAME, cp, rule + "; " + runs, fix) : Item.risk(NAME, cp, rule + "; " + runs, fix));
    }
}
