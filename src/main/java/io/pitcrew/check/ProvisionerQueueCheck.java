package io.pitcrew.check;

import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.ProvisionerDaemon;
import io.pitcrew.observe.coder.ProvisionerJob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §4/§6 "Check how many provisioner jobs are running", from Coder's job queue instead of counting
 * "Acquired job" log lines: at least {@code provisionerQueueDepth} jobs wait that a daemon could take (their tags
 * match one), while every online daemon is busy. Jobs no daemon matches are not a capacity problem — more replicas
 * would not take them — and belong to the builds check.
 */
public final class ProvisionerQueueCheck implements PlatformCheck {

    public static final String QUEUED = "provisioner-jobs-queued";

    private static final CheckHeader HEADER = new CheckHeader("provisioner-queue", List.of(QUEUED),
            EnumSet.of(Input.CODER, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        if (snapshot.provisioning().isEmpty()) return List.of();
        var provisioning = snapshot.provisioning().get();
        if (!(provisioning.pendingJobs() instanceof CoderAnswer.Answered<List<ProvisionerJob>> jobs)
                || !(provisioning.daemons() instanceof CoderAnswer.Answered<List<ProvisionerDaemon>> daemons)) {
            return List.of();
        }
        Instant now = context.now();
        List<ProvisionerDaemon> online = daemons.value().stream().filter(d -> !ProvisionerDaemonsCheck.offline(d, now, context)).toList();
        long busy = online.stream().filter(d -> "busy".equals(d.status()) || d.currentJob() != null).count();
        if (busy < online.size()) return List.of(); // an idle daemon would take the next job: no shortage
        List<ProvisionerJob> waiting = jobs.value().stream().filter(j -> "pending".equals(j.status()))
                .filter(j -> j.availableWorkers() > 0).sorted(Comparator.comparing(ProvisionerJob::queuePosition)).toList();
        if (waiting.size() < context.thresholds().provisionerQueueDepth()) return List.of();

        ControlPlane region = ControlPlane.of(snapshot);
        EvidenceTally tally = new EvidenceTally();
        for (ProvisionerJob j : waiting) {
            String what = j.workspaceName().isEmpty() ? j.type() : "build of workspace " + j.workspaceName();
            tally.add(new Evidence(region.name(), "ProvisionerJob", "", j.id(), what + ", waiting "
                    + (j.createdAt() == null ? "" : KubeTime.ago(j.createdAt(), now) + ", ")
                    + "queue position " + j.queuePosition() + " of " + j.queueSize()));
        }
        Instant oldest = waiting.stream().map(ProvisionerJob::createdAt).filter(t -> t != null).min(Comparator.naturalOrder()).orElse(null);
        String summary = EvidenceTally.count(waiting.size(), "provisioner job") + " queued in coderd with all "
                + EvidenceTally.count(online.size(), "online daemon") + " busy"
                + (oldest == null ? "" : "; the oldest has waited " + KubeTime.ago(oldest, now));
        List<Signal> out = new ArrayList<>();
        tally.emit(out, QUEUED, region.name(), summary);
        return out;
    }
}
