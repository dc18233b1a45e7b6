package io.pitcrew.check;

import io.pitcrew.config.Names;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runbook §6 "Check provisioner pod status" ({@code kubectl get pods -n coder -l app=coder-provisioner}): a provisioner
 * Deployment with fewer replicas available than it needs because its pods crash-loop or are not Ready, with their last
 * error line. A pool scaled down is a count against its baseline ({@code provisioner-replicas}), not an outage.
 */
public final class ProvisionerPodsCheck implements Check {

    public static final String DOWN = "provisioners-down";

    private static final CheckHeader HEADER = new CheckHeader("provisioner-pods", List.of(DOWN),
            EnumSet.of(Input.DEPLOYMENTS, Input.PODS, Input.EVENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        List<ComponentOutage> down = new ArrayList<>();
        for (Names.Provisioner p : context.names().provisioners()) {
            ComponentOutage.of(region, context.names().provisioner(p), p.deployment(), LogTail.Component.PROVISIONER,
                    ComponentOutage.ZeroReplicas.DECIDED, ComponentOutage.Absence.NOT_INSTALLED, context).ifPresent(down::add);
        }
        if (down.isEmpty()) return List.of();
        List<Evidence> evidence = down.stream().flatMap(o -> o.evidence().stream()).limit(EvidenceTally.MAX_EVIDENCE).toList();
        return List.of(new Signal(DOWN, region.region().name(), down.stream().mapToInt(ComponentOutage::unavailable).sum(),
                down.stream().map(ComponentOutage::summary).collect(Collectors.joining("; ")), evidence));
    }
}
