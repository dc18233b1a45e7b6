package io.pitcrew.check;

import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.WorkspaceBuild;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §6 symptom "Workspaces stuck in Pending or Starting", from coderd: latest builds still pending or
 * starting after {@code buildStuckAfter}, and builds no provisioner can ever take because no daemon matches their
 * job's tags ({@code matched_provisioners.count == 0}, which coderd shows as "no provisioners" in its UI). The
 * second needs no waiting: more time will not make a daemon appear.
 */
public final class WorkspaceBuildsCheck implements PlatformCheck {

    public static final String STUCK = "builds-stuck";
    public static final String UNMATCHED = "builds-unmatched";

    private static final CheckHeader HEADER = new CheckHeader("workspace-builds", List.of(STUCK, UNMATCHED),
            EnumSet.of(Input.CODER, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        if (snapshot.provisioning().isEmpty()
                || !(snapshot.provisioning().get().builds() instanceof CoderAnswer.Answered<List<WorkspaceBuild>> builds)) {
            return List.of();
        }
        ControlPlane region = ControlPlane.of(snapshot);
        Instant now = context.now();
        Instant stuckBefore = now.minus(context.thresholds().buildStuckAfter());
        EvidenceTally stuck = new EvidenceTally();
        EvidenceTally unmatched = new EvidenceTally();
        for (WorkspaceBuild b : builds.value()) {
            if (!"pending".equals(b.status()) && !"starting".equals(b.status())) continue;
            String age = b.createdAt() == null ? "" : " for " + KubeTime.ago(b.createdAt(), now);
            String name = b.owner() + "/" + b.workspace();
            if (b.matchedProvisioners() == 0) {
                unmatched.add(new Evidence(region.name(), "Workspace", "", name, b.transition() + " build " + b.status() + age
                        + ": no provisioner daemon matches its job's tags (template " + b.template() + ")"));
            } else if (b.createdAt() != null && b.createdAt().isBefore(stuckBefore)) {
                stuck.add(new Evidence(region.name(), "Workspace", "", name, b.transition() + " build " + b.status() + age
                        + (b.queuePosition() > 0 ? ", job at queue position " + b.queuePosition() : "")
                        + " (template " + b.template() + ")"));
            }
        }
        List<Signal> out = new ArrayList<>();
        stuck.emit(out, STUCK, region.name(), EvidenceTally.count(stuck.affected(), "workspace build") + " pending or starting for more than "
                + KubeTime.ago(stuckBefore, now));
        unmatched.emit(out, UNMATCHED, region.name(), EvidenceTally.count(unmatched.affected(), "workspace build")
                + " that no provisioner daemon can take (no daemon matches the job's tags)");
        return out;
    }
}
