package io.pitcrew.check;

import io.pitcrew.config.WorkloadPods;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * Runbook §4 "Check provisioner logs for queuing" ({@code kubectl logs -l app=coder-provisioner | grep -i
 * "queue\|wait\|timeout"}): the same pattern, but only over lines within {@code logWindow} and only when there are
 * at least {@code provisionerQueueLines} of them, since one "waiting" line is routine. Lines without a kubelet time
 * are ignored. Only lines written since the newest provisioner pod started count: capacity changed then (a scale-up,
 * {@code pitcrew fix scale-provisioners}), and queueing before it is what that change answered; if the queue goes
 * on, new lines say so within minutes.
 */
public final class ProvisionerLogsCheck implements Check {

    public static final String ID = "provisioner-queueing";

    private static final CheckHeader HEADER = new CheckHeader("provisioner-logs", List.of(ID),
            EnumSet.of(Input.PODS, Input.DEPLOYMENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        Instant since = newestProvisionerStart(region, context);
        Duration window = context.thresholds().logWindow();
        if (since != null && since.isAfter(context.now().minus(window))) window = Duration.between(since, context.now());
        EvidenceTally queueing = LogEvidence.recent(region, LogTail.Component.PROVISIONER, window,
                context, text -> context.patterns().provisionerQueueing().matcher(text).find());
        List<Signal> out = new ArrayList<>();
        if (queueing.affected() >= context.thresholds().provisionerQueueLines()) {
            queueing.emit(out, ID, r, EvidenceTally.count(queueing.affected(), "provisioner log line")
                    + " about queueing, waiting or timeouts in the last "
                    + KubeTime.ago(context.now().minus(context.thresholds().logWindow()), context.now()));
        }
        return out;
    }

    private static Instant newestProvisionerStart(RegionSnapshot region, CheckContext context) {
        return WorkloadPods.provisioners(context.names()).of(region.pods(), region.deployments()).stream()
                .map(p -> p.getStatus() == null ? null : KubeTime.parse(p.getStatus().getStartTime()))
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
    }
}
