package io.pitcrew.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictable trouble before it is an incident: the platform sized for a smaller day than the one that has started.
 * Nothing fails yet; doctor reports a risk (P3) with the fix that prevents the incident.
 */
final class RiskScenarios {

    private RiskScenarios() {}

    /** Sixteen workshop participants have started workspaces in us-east-2 on the six default provisioners; nothing queues yet. */
    static List<Change> provisionersUndersized(Topology t, Instant now) {
        List<Change> out = new ArrayList<>();
        participants(t.region(Scenarios.CONTROL), 16, "p", now, out);
        return out;
    }

    /**
     * Thirty participants in the proxy regions (fifteen each): with the staff, more users than LiteLLM's four replicas
     * serve (32), fewer than six would (48).
     */
    static List<Change> litellmUndersized(Topology t, Instant now) {
        List<Change> out = new ArrayList<>();
        participants(t.region(Scenarios.OREGON), 15, "w", now, out);
        participants(t.region(Scenarios.EMEA), 15, "e", now, out);
        return out;
    }

    /** Running workspaces of {@code count} new owners, spread over the region's nodes, started minutes ago. */
    private static void participants(RegionPlan plan, int count, String prefix, Instant now, List<Change> out) {
        Ids ids = new Ids(now.toEpochMilli() + prefix.hashCode());
        List<RegionPlan.NodePlan> nodes = plan.nodes();
        for (int i = 0; i < count; i++) {
            String user = String.format("participant-%s%02d", prefix, i + 1);
            RegionPlan.WorkspacePlan w = HealthyBase.workspacePlan(ids, user, nodes.get(i % nodes.size()).name());
            Instant started = now.minus(Duration.ofMinutes(3 + i % 7));
            out.add(new Change.Put(plan.region().name(), Workspaces.running(w, started)));
        }
    }
}
