package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.EnumSet;
import java.util.List;

/**
 * CoreDNS with no replica available (one of two failing is not that: the kube-dns Service sends queries to the other).
 * Then no name resolves inside the region's cluster, so coder cannot reach its database or (in a proxy region)
 * coderd, provisioners cannot reach coderd, and workspaces cannot reach anything by name.
 */
public final class CoreDnsCheck implements Check {

    public static final String DOWN = "coredns-down";

    private static final CheckHeader HEADER = new CheckHeader("coredns", List.of(DOWN),
            EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.EVENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        return ComponentOutage.of(region, context.names().coredns(), "CoreDNS", LogTail.Component.COREDNS,
                ComponentOutage.ZeroReplicas.DOWN, ComponentOutage.Absence.DOWN, context)
                .filter(ComponentOutage::noneAvailable).map(o -> o.signal(DOWN, region.region().name())).stream().toList();
    }
}
