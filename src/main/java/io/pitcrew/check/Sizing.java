package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.config.LabelSelector;
import io.pitcrew.config.Names;
import io.pitcrew.config.Thresholds;
import io.pitcrew.observe.RegionSnapshot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runbook's sizing rules for a number of users, and what the clusters show of them: provisioners ("default: 6,
 * needs 8-10 for >15 users") and LiteLLM ("4 replicas @ 2 vCPU / 4 GB each", scaled to 6-8). Shared by the checks that
 * raise sizing risks (doctor, serve) and by {@code pitcrew preflight}, so both judge a workshop by the same numbers.
 */
public final class Sizing {

    /** The runbook's "Scale to 10 for workshops with >15 users". */
    public static final int WORKSHOP_PROVISIONERS = 10;
    /** The runbook's "Scale LiteLLM replicas from 4 to 6-8": the least a scaled LiteLLM runs. */
    public static final int LITELLM_SCALED = 6;

    /** Workspace owner labels of Coder's Kubernetes template; the username, else the user id. */
    static final String OWNER_LABEL = "com.coder.user.username";
    static final String OWNER_ID_LABEL = "com.coder.user.id";

    private Sizing() {}

    /** Replicas a provisioner pool needs for {@code users}: its baseline, and for a large workshop at least 8. */
    public static int provisionersNeeded(int users, Names.Provisioner pool, Thresholds t) {
        return users > t.largeWorkshopUsers() ? Math.max(pool.baseline(), t.largeWorkshopProvisioners()) : pool.baseline();
    }

    /** Distinct owners of workspaces that are running or about to (finished pods belong to nobody's workshop). */
    public static Set<String> workspaceOwners(Collection<RegionSnapshot> regions, Names names) {
        LabelSelector workspaces = LabelSelector.parse(names.workspaceSelector());
        Set<String> owners = new HashSet<>();
        for (RegionSnapshot region : regions) {
            for (Pod p : region.pods()) {
                Map<String, String> labels = p.getMetadata().getLabels();
                if (!workspaces.matches(labels)) continue;
                String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
                if (!"Running".equals(phase) && !"Pending".equals(phase)) continue;
                String owner = labels.getOrDefault(OWNER_LABEL, labels.get(OWNER_ID_LABEL));
                if (owner != null) owners.add(owner);
            }
        }
        return owners;
    }

    public static Optional<Deployment> deployment(RegionSnapshot region, String namespace, String name) {
        return region.deployments().stream()
                .filter(d -> namespace.equals(d.getMetadata().getNamespace()) && name.equals(d.getMetadata().getName())).findFirst();
    }

    /** {@code spec.replicas}: what the Deployment is configured for. */
    public static int desired(Deployment d) {
        Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
        return replicas == null ? 1 : replicas; // Kubernetes' default for an unset spec.replicas
    }

    /** {@code status.readyReplicas}: what serves now. */
    public static int ready(Deployment d) {
        Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready; // the API omits readyReplicas when it is zero
    }

    /**
     * LiteLLM as sized now: its Deployment's replicas, and what the replicas with metrics use of their limits.
     *
     * @param measured the running replicas with metrics and limits; {@code used} and {@code limits} sum over them
     */
    public record LiteLLMLoad(String region, int desired, int ready, int measured, Resources used, Resources limits) {

        /** cpu used, in percent of the measured replicas' cpu limits; 0 when nothing was measured. */
        public int cpuPercent() {
            return Resources.percent(used.cpu(), limits.cpu());
        }

        public int memoryPercent() {
            return Resources.percent(used.memory(), limits.memory());
        }

        /** Replicas for {@code users} by the rule of so many users a replica. */
        public static int byRule(int users, Thresholds t) {
            return Math.ceilDiv(users, t.litellmUsersPerReplica());
        }

        /**
         * What each replica would use of its cpu limit, in percent, with {@code users} spread over {@code replicas}, if
         * each user costs what each of today's {@code usersNow} does: a proxy's cpu follows its requests, its memory
         * mostly does not. Empty when nothing was measured or nobody uses it now.
         */
        public Optional<Integer> projectedPercent(int users, int usersNow, int replicas) {
            if (measured == 0 || usersNow == 0 || replicas == 0 || cpuPercent() == 0) return Optional.empty();
            // per replica now × measured replicas = the whole load; per user, times users, spread over replicas
            BigDecimal whole = BigDecimal.valueOf((long) cpuPercent() * measured);
            return Optional.of(whole.multiply(BigDecimal.valueOf(users))
                    .divide(BigDecimal.valueOf((long) usersNow * replicas), 0, RoundingMode.CEILING).intValue());
        }

        /** Replicas that keep the projected load of {@code users} under the saturation threshold; empty without a measure. */
        public Optional<Integer> forHeadroom(int users, int usersNow, Thresholds t) {
            return projectedPercent(users, usersNow, 1).map(onOne -> Math.ceilDiv(onOne, t.litellmSaturationPercent()));
        }
    }

    /** LiteLLM in this region; empty where it does not run (neither its Deployment nor its pods are there). */
    public static Optional<LiteLLMLoad> litellm(RegionSnapshot region, Names names) {
        Optional<Deployment> d = deployment(region, names.litellmNamespace(), names.litellmDeployment());
        var pods = LiteLLMPods.of(region, names);
        if (d.isEmpty() && pods.isEmpty()) return Optional.empty();
        var metrics = PodUsage.metricsByPod(region);
        int measured = 0;
        Resources used = Resources.ZERO;
        Resources limits = Resources.ZERO;
        for (Pod p : pods) {
            if (p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())) continue;
            Optional<PodUsage> u = PodUsage.of(p, metrics);
            if (u.isEmpty() || u.get().limits().cpu().signum() == 0 && u.get().limits().memory().signum() == 0) continue;
            measured++;
            used = used.plus(u.get().used());
            limits = limits.plus(u.get().limits());
        }
        int ready = d.map(Sizing::ready).orElse((int) pods.stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).count());
        return Optional.of(new LiteLLMLoad(region.region().name(), d.map(Sizing::desired).orElse(pods.size()), ready, measured, used, limits));
    }
}
