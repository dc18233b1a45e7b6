package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.pitcrew.observe.RegionSnapshot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Runbook §1/§4 "kubectl get nodepool": NodePools that cannot grow, because they reached their limits, are not
 * Ready, or their nodes fail to launch or register. A region without Karpenter has no NodePools and raises nothing.
 */
public final class KarpenterNodePoolsCheck implements Check {

    public static final String AT_LIMIT = "nodepool-at-limit";
    public static final String NOT_READY = "nodepool-not-ready";

    private static final CheckHeader HEADER = new CheckHeader("karpenter-nodepools", List.of(AT_LIMIT, NOT_READY),
            EnumSet.of(Input.NODE_POOLS));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally atLimit = new EvidenceTally();
        EvidenceTally notReady = new EvidenceTally();
        for (GenericKubernetesResource pool : region.nodePools()) {
            String name = pool.getMetadata().getName();
            Map<String, Object> limits = GenericKubernetesResource.get(pool.getAdditionalProperties(), "spec", "limits");
            Map<String, Object> used = GenericKubernetesResource.get(pool.getAdditionalProperties(), "status", "resources");
            List<String> reached = new ArrayList<>();
            for (String resource : List.of("cpu", "memory")) {
                String limit = quantity(limits, resource);
                String current = quantity(used, resource);
                // A NodePool without a limit for a resource may grow without bound in it.
                if (limit == null || current == null) continue;
                BigDecimal l = Resources.amount(new Quantity(limit));
                if (l.signum() > 0 && Resources.amount(new Quantity(current)).compareTo(l) >= 0) {
                    reached.add(resource + " " + current + " of limit " + limit);
                }
            }
            if (!reached.isEmpty()) atLimit.add(new Evidence(r, "NodePool", "", name, String.join(", ", reached)));
            // Ready rolls up ValidationSucceeded and NodeClassReady only (karpenter pkg/apis/v1/nodepool_status.go):
            // a pool whose nodes fail to launch or register stays Ready, and says so in NodeRegistrationHealthy=False,
            // which outlives the claims Karpenter deletes and retries.
            List<String> unhealthy = new ArrayList<>();
            for (String type : List.of("Ready", "NodeRegistrationHealthy")) {
                StatusCondition c = StatusCondition.find(pool, type);
                if (c != null && "False".equals(c.status())) unhealthy.add(c.describe());
            }
            if (!unhealthy.isEmpty()) notReady.add(new Evidence(r, "NodePool", "", name, String.join("; ", unhealthy)));
        }
        List<Signal> out = new ArrayList<>();
        atLimit.emit(out, AT_LIMIT, r, EvidenceTally.count(atLimit.affected(), "NodePool") + " at its cpu or memory limit");
        notReady.emit(out, NOT_READY, r, EvidenceTally.count(notReady.affected(), "NodePool") + " not Ready or failing to launch or register nodes");
        return out;
    }

    /** Quantities in unstructured JSON come as strings ("320", "1000Gi") or bare numbers (320). */
    private static String quantity(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        return v == null ? null : v.toString();
    }
}
