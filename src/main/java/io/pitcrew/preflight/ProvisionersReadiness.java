package io.pitcrew.preflight;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.check.Sizing;
import io.pitcrew.config.Names;
import io.pitcrew.config.Thresholds;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.ProvisionerDaemon;
import io.pitcrew.runbook.Finding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runbook §4/§6 before the fact: "Insufficient provisioner replicas (default: 6, needs 8-10 for >15 users)". The default
 * organisation's provisioners (the first of {@code names.provisioners}) against the rule for N participants, every pool
 * against its baseline, and, with {@code coder:}, the daemons coderd sees online.
 */
final class ProvisionersReadiness implements Readiness {

    static final String NAME = "provisioners";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of("resource-contention/insufficient-provisioners", "resource-contention/provisioners-undersized",
                "provisioner-failures/insufficient-provisioners", "provisioner-failures/provisioners-down",
                "provisioner-failures/provisioner-resource-limits", "provisioner-failures/provisioner-daemons-offline");
    }

    @Override
    public List<Item> judge(Inputs in) {
        String cp = in.controlPlaneName();
        Names names = in.config().names();
        Thresholds t = in.config().thresholds();
        int n = in.workshop().participants();
        Optional<RegionSnapshot> region = in.controlPlane();
        if (names.provisioners().isEmpty()) return List.of(Item.ok(NAME, cp, "no provisioner deployments configured (names.provisioners)"));
        if (region.isEmpty()) return List.of(Item.risk(NAME, cp, "not judged: the control plane was not read", null));

        // a fault the provisioners have now comes first: scaling pods that crash adds pods that crash
        List<Item> out = new ArrayList<>();
        for (Finding f : in.findings(claims(), null)) {
            if (!f.key().equals("resource-contention/provisioners-undersized")) out.add(Inputs.item(NAME, cp, f));
        }
        if (!out.isEmpty()) return out;

        Names.Provisioner main = names.provisioners().getFirst();
        Optional<Deployment> mainDeployment = Sizing.deployment(region.get(), names.coderNamespace(), main.deployment());
        if (mainDeployment.isEmpty()) {
            return List.of(Item.blocker(NAME, cp, main.deployment() + " not found in " + names.coderNamespace()
                    + " (names.provisioners): nothing would build the workshop's workspaces", null));
        }
        int needed = Sizing.provisionersNeeded(n, main, t);
        int ready = Sizing.ready(mainDeployment.get());
        int desired = Sizing.desired(mainDeployment.get());
        String rule = n > t.largeWorkshopUsers()
                ? n + " participants need at least " + needed + " default provisioners (the runbook: 8-10 for more than " + t.largeWorkshopUsers() + " users)"
                : n + " participants need the baseline of " + needed + " default provisioners";
        String runs = main.deployment() + " runs " + desired + " (" + ready + " ready)";
        if (ready < needed) {
            int replicas = Math.min(n > t.largeWorkshopUsers() ? Math.max(needed, Sizing.WORKSHOP_PROVISIONERS) : needed,
                    in.config().bounds().provisionerReplicas());
            String fix = desired < needed ? "pitcrew fix scale-provisioners --replicas " + replicas : null;
            String why = desired < needed ? "" : "; its pods are not ready (pitcrew doctor says why)";
            return List.of(Item.blocker(NAME, cp, rule + "; " + runs + why, fix));
        }
        for (Names.Provisioner pool : names.provisioners().subList(1, names.provisioners().size())) {
            Optional<Deployment> d = Sizing.deployment(region.get(), names.coderNamespace(), pool.deployment());
            if (d.isPresent() && Sizing.ready(d.get()) < pool.baseline()) {
                out.add(Item.blocker(NAME, cp, pool.deployment() + " has " + Sizing.ready(d.get()) + " ready, below its baseline of "
                        + pool.baseline(), Sizing.desired(d.get()) < pool.baseline()
                        ? "pitcrew fix scale-provisioners --replicas " + Math.max(desired, needed) + " --others " + pool.baseline() : null));
            }
        }
        Item daemons = daemons(in, main, needed);
        if (daemons != null) out.add(daemons);
        if (out.isEmpty()) out.add(Item.ok(NAME, cp, rule + "; " + runs));
        return out;
    }

    /** With {@code coder:}: the default pool's daemons coderd heard from lately, against what is needed; null when fine. */
    private static Item daemons(Inputs in, Names.Provisioner main, int needed) {
        String cp = in.controlPlaneName();
        var provisioning = in.snapshot().provisioning();
        if (provisioning.isEmpty()) return null;
        CoderAnswer<List<ProvisionerDaemon>> answer = provisioning.get().daemons();
        if (!(answer instanceof CoderAnswer.Answered<List<ProvisionerDaemon>> a)) {
            return Item.risk(NAME, cp, "could not ask coderd for its provisioner daemons: " + answer.describe(), null);
        }
        Duration offline = in.config().thresholds().daemonOfflineAfter();
        List<ProvisionerDaemon> all = a.value();
        // a Kubernetes provisioner's daemon is named after its pod; other daemons (elsewhere) are all counted
        List<ProvisionerDaemon> pool = all.stream().filter(d -> d.name() != null && d.name().startsWith(main.deployment() + "-")).toList();
        List<ProvisionerDaemon> counted = pool.isEmpty() ? all : pool;
        long online = counted.stream().filter(d -> !"offline".equals(d.status()) && d.lastSeenAt() != null
                && !d.lastSeenAt().isBefore(in.snapshot().observedAt().minus(offline))).count();
        if (online >= needed) return null;
        return Item.blocker(NAME, cp, "coderd sees " + online + " of " + main.deployment() + "'s daemons online; " + needed + " needed",
                null);
    }
}
