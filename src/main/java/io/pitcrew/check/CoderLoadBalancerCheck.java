package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Service;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §2 "Check Network Load Balancers (NLB) are healthy" ({@code kubectl get svc -n coder -o wide}): a
 * LoadBalancer Service of the coder namespace with no ingress has no NLB behind its public names
 * (EXTERNAL-IP {@code <pending>}). A Service younger than {@code pendingGrace} is still being provisioned.
 */
public final class CoderLoadBalancerCheck implements Check {

    public static final String PENDING = "load-balancer-pending";

    private static final CheckHeader HEADER = new CheckHeader("coder-load-balancer", List.of(PENDING),
            EnumSet.of(Input.SERVICES, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally pending = new EvidenceTally();
        for (Service s : region.services()) {
            if (s.getSpec() == null || !"LoadBalancer".equals(s.getSpec().getType())) continue;
            boolean hasIngress = s.getStatus() != null && s.getStatus().getLoadBalancer() != null
                    && s.getStatus().getLoadBalancer().getIngress() != null && !s.getStatus().getLoadBalancer().getIngress().isEmpty();
            if (hasIngress) continue;
            Instant created = KubeTime.parse(s.getMetadata().getCreationTimestamp());
            if (created != null && KubeTime.within(created, context.now(), context.thresholds().pendingGrace())) continue;
            pending.add(new Evidence(r, "Service", s.getMetadata().getNamespace(), s.getMetadata().getName(),
                    "type LoadBalancer without ingress (EXTERNAL-IP <pending>)"
                            + (created == null ? "" : " for " + KubeTime.ago(created, context.now()))));
        }
        List<Signal> out = new ArrayList<>();
        pending.emit(out, PENDING, r, EvidenceTally.count(pending.affected(), "coder load balancer") + " without an address");
        return out;
    }
}
