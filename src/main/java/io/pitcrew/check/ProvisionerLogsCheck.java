package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Runbook §4 "Check provisioner logs for queuing" ({@code kubectl logs -l app=coder-provisioner | grep -i
 * "queue\|wait\|timeout"}): the same pattern, but only over lines within {@code logWindow} and only when there are
 * at least {@code provisionerQueueLines} of them, since one "waiting" line is routine. Lines without a kubelet time
 * are ignored.
 */
public final class ProvisionerLogsCheck implements Check {

    public static final String ID = "provisioner-queueing";


    @Override
    public String name() { return "provisioner-logs"; }

    @Override
    public List<String> signals() {
        return List.of(ID);
    }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally queueing = LogEvidence.recent(region, LogTail.Component.PROVISIONER, context.thresholds().logWindow(),
                context, text -> context.patterns().provisionerQueueing().matcher(text).find());
        List<Signal> out = new ArrayList<>();
        if (queueing.affected() >= context.thresholds().provisionerQueueLines()) {
            queueing.emit(out, ID, r, EvidenceTally.count(queueing.affected(), "provisioner log line")
                    + " about queueing, waiting or timeouts in the last "
                    + KubeTime.ago(context.now().minus(context.thresholds().logWindow()), context.now()));
        }
        return out;
    }
}
