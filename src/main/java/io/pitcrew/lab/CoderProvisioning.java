package io.pitcrew.lab;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the lab's coderd knows about provisioning: daemons, pending jobs, and workspaces whose latest build is pending
 * or starting. The healthy state follows the topology — one daemon per provisioner pod, named after it as
 * provisionerd names itself after its host — plus two offline records of pods a rollout replaced yesterday, which
 * coderd keeps and pitcrew must not mistake for a fault.
 */
record CoderProvisioning(List<Daemon> daemons, List<Job> jobs, List<Build> builds) {

    CoderProvisioning {
        daemons = List.copyOf(daemons);
        jobs = List.copyOf(jobs);
        builds = List.copyOf(builds);
    }

    /**
     * @param lastSeen null while the daemon heartbeats (coderd shows a time within the last minute); else frozen
     * @param status   idle, busy or offline, as coderd computes it
     */
    record Daemon(String name, String pool, String status, Instant lastSeen, String currentJob, String currentTemplate) {

        String id() { return CoderProvisioning.id("daemon-" + name); }

        Map<String, String> tags() {
            return Map.of("scope", "organization", "owner", "", "pool", pool);
        }
    }

    /** A pending job; {@code workers} are the daemons (by name) whose tags match. */
    record Job(String id, Instant created, int queuePosition, int queueSize, String pool, List<String> workers,
               String workspace, String template) {}

    /** A workspace's latest build; {@code matched} is how many daemons match its job's tags. */
    record Build(String workspace, String owner, String template, String status, Instant created, int queuePosition,
                 int matched) {}

    static final String ORGANIZATION = "default";

    /** The healthy lab: every provisioner pod's daemon online and idle, two stale records, one build starting. */
    static CoderProvisioning healthy(Topology t, Instant now) {
        List<Daemon> daemons = new ArrayList<>();
        for (RegionPlan.ComponentPlan c : provisioners(t)) {
            for (String pod : c.pods()) daemons.add(new Daemon(pod, pool(c), "idle", null, null, null));
        }
        RegionPlan.ComponentPlan main = provisioners(t).getFirst();
        String oldReplicaSet = main.deployment() + "-5d8f7c9b44";
        daemons.add(new Daemon(oldReplicaSet + "-q7x2m", pool(main), "offline", now.minus(Duration.ofHours(26)), null, null));
        daemons.add(new Daemon(oldReplicaSet + "-h4k9w", pool(main), "offline", now.minus(Duration.ofHours(26)), null, null));
        List<Build> builds = List.of(new Build("grace-claude-8m3", "grace", "kubernetes-claude", "starting",
                now.minusSeconds(40), 0, main.pods().size()));
        return new CoderProvisioning(daemons, List.of(), builds);
    }

    static List<RegionPlan.ComponentPlan> provisioners(Topology t) {
        return t.region(Scenarios.CONTROL).components().stream()
                .filter(c -> c.deployment().startsWith("coder-provisioner-")).toList();
    }

    static String pool(RegionPlan.ComponentPlan c) {
        return c.deployment().substring("coder-provisioner-".length());
    }

    static String id(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
