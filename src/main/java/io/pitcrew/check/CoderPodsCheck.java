package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * coder's own pods in each region ({@code kubectl get pods -n coder -l app.kubernetes.io/name=coder}): in the control
 * plane that is coderd, and with no replica serving nobody can sign in, build or reach a workspace in any region; with
 * fewer than its Deployment needs, the rest carry the load. In a proxy region it is the workspace proxy, and the
 * region's workspace URLs fail. See {@link ComponentOutage} for what counts as down.
 */
public final class CoderPodsCheck implements Check {

    public static final String CODERD_DOWN = "coderd-down";
    public static final String CODERD_DEGRADED = "coderd-degraded";
    public static final String PROXY_DOWN = "workspace-proxy-down";

    @Override
    public String name() { return "coder-pods"; }

    @Override
    public List<String> signals() {
        return List.of(CODERD_DOWN, CODERD_DEGRADED, PROXY_DOWN);
    }

    @Override
    public Set<Input> reads() {
        return EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.EVENTS, Input.LOGS, Input.CLOCK);
    }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        boolean coderd = region.region().isControlPlane();
        return ComponentOutage.of(region, context.names().coder(), coderd ? "coderd" : "the workspace proxy", LogTail.Component.CODER,
                        ComponentOutage.ZeroReplicas.DOWN, context)
                .map(o -> o.signal(!coderd ? PROXY_DOWN : o.noneAvailable() ? CODERD_DOWN : CODERD_DEGRADED, region.region().name()))
                .stream().toList();
    }
}
