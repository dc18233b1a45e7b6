package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.EnumSet;
import java.util.List;

/**
 * Karpenter's controller ({@code kubectl get pods -n karpenter -l app.kubernetes.io/name=karpenter}) with no replica
 * available: no node is added when workspaces need one, however the NodePools look. One replica of two failing is not
 * that: the other holds the leader lease. A region without Karpenter's Deployment (where {@code names.karpenterNamespace}
 * says) raises nothing.
 */
public final class KarpenterControllerCheck implements Check {

    public static final String DOWN = "karpenter-down";

    private static final CheckHeader HEADER = new CheckHeader("karpenter-controller", List.of(DOWN),
            EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.EVENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        return ComponentOutage.of(region, context.names().karpenter(), "Karpenter", LogTail.Component.KARPENTER,
                ComponentOutage.ZeroReplicas.DOWN, ComponentOutage.Absence.NOT_INSTALLED, context)
                .filter(ComponentOutage::noneAvailable).map(o -> o.signal(DOWN, region.region().name())).stream().toList();
    }
}
