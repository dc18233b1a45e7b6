package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.EnumSet;
import java.util.List;

/**
 * metrics-server with no replica available: {@code kubectl top} and metrics.k8s.io answer nothing, so the runbook's usage steps (node usage,
 * LiteLLM and provisioner saturation) see nothing in the region. No user notices; the responders are blind.
 */
public final class MetricsServerCheck implements Check {

    public static final String DOWN = "metrics-server-down";

    private static final CheckHeader HEADER = new CheckHeader("metrics-server", List.of(DOWN),
            EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.EVENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        return ComponentOutage.of(region, context.names().metricsServer(), "metrics-server", LogTail.Component.METRICS_SERVER,
                ComponentOutage.ZeroReplicas.DOWN, ComponentOutage.Absence.NOT_INSTALLED, context)
                .filter(ComponentOutage::noneAvailable).map(o -> o.signal(DOWN, region.region().name())).stream().toList();
    }
}
