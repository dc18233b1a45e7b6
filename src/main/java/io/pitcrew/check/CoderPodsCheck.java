package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.EnumSet;
import java.util.List;

/**
 * coder's own pods in each region ({@code kubectl get pods -n coder -l app.kubernetes.io/name=coder}). With no replica
 * available: in the control plane that is coderd down, and nobody can sign in, build or reach a workspace in any region;
 * in a proxy region it is the workspace proxy down, and the region's workspace URLs fail. With some available but
 * fewer than the Deployment needs, the others carry the load: coder is degraded. See {@link ComponentOutage}.
 */
public final class CoderPodsCheck implements Check {

    public static final String CODERD_DOWN = "coderd-down";
    public static final String DEGRADED = "coder-degraded";
    public static final String PROXY_DOWN = "workspace-proxy-down";

    private static final CheckHeader HEADER = new CheckHeader("coder-pods", List.of(CODERD_DOWN, PROXY_DOWN, DEGRADED),
            EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.EVENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        boolean coderd = region.region().isControlPlane();
        return ComponentOutage.of(region, context.names().coder(), coderd ? "coderd" : "the workspace proxy", LogTail.Component.CODER,
                        ComponentOutage.ZeroReplicas.DOWN, ComponentOutage.Absence.DOWN, context)
                .map(o -> o.signal(!o.noneAvailable() ? DEGRADED : coderd ? CODERD_DOWN : PROXY_DOWN, region.region().name()))
                .stream().toList();
    }
}
