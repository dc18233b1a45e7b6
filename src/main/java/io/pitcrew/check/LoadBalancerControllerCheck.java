package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.EnumSet;
import java.util.List;

/**
 * The AWS Load Balancer Controller with no replica available (one of two failing is not that: the other holds the
 * leader lease). It provisions the region's NLB for the coder Service and keeps its targets in
 * step with the coder pods, so while it is down a new or rescheduled coder pod is never registered and a changed
 * Service never gets its load balancer.
 */
public final class LoadBalancerControllerCheck implements Check {

    public static final String DOWN = "load-balancer-controller-down";

    private static final CheckHeader HEADER = new CheckHeader("load-balancer-controller", List.of(DOWN),
            EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.EVENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        return ComponentOutage.of(region, context.names().loadBalancerController(), "the AWS load balancer controller",
                LogTail.Component.LOAD_BALANCER_CONTROLLER, ComponentOutage.ZeroReplicas.DOWN, ComponentOutage.Absence.NOT_INSTALLED, context)
                .filter(ComponentOutage::noneAvailable).map(o -> o.signal(DOWN, region.region().name())).stream().toList();
    }
}
