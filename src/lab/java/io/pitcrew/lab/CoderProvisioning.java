package io.pitcrew.lab;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * What coderd sees given the provisioner pods running now: a pod without a daemon record registers an idle one
     * (a scale-up), a heartbeating daemon whose pod is gone stopped heartbeating (a scale-down or rollout), and idle
     * daemons take queued jobs in queue order, as coderd's acquirer hands them out. So a scenario's queue drains
     * when {@code pitcrew fix scale-provisioners} adds pods, as it would on the real platform.
     */
    CoderProvisioning following(Set<String> runningPods, Instant now) {
        List<Daemon> out = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (Daemon d : daemons) {
            known.add(d.name());
            boolean gone = !runningPods.contains(d.name()) && d.lastSeen() == null;
            out.add(gone ? new Daemon(d.name(), d.pool(), "offline", now.minus(Duration.ofMinutes(2)), null, null) : d);
        }
        for (String pod : runningPods) {
            if (known.contains(pod)) continue;
            String podPool = pod.startsWith("coder-provisioner-") ? pod.substring("coder-provisioner-".length()).split("-")[0] : "default";
            out.add(new Daemon(pod, podPool, "idle", null, null, null));
        }
        List<Job> waiting = new ArrayList<>(jobs);
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Daemon d = out.get(i);
            if (!"idle".equals(d.status())) continue;
            var job = waiting.stream().filter(j -> j.pool().equals(d.pool())).findFirst();
            if (job.isEmpty()) continue;
            waiting.remove(job.get());
            taken.add(job.get().workspace());
            out.set(i, new Daemon(d.name(), d.pool(), "busy", null, job.get().id(), job.get().template()));
        }
        List<Job> renumbered = new ArrayList<>();
        for (int i = 0; i < waiting.size(); i++) {
            Job j = waiting.get(i);
            renumbered.add(new Job(j.id(), j.created(), i + 1, waiting.size(), j.pool(), j.workers(), j.workspace(), j.template()));
        }
        List<Build> builds = this.builds.stream().map(b -> taken.contains(b.workspace())
                ? new Build(b.workspace(), b.owner(), b.template(), "starting", b.created(), 0, b.matched()) : b).toList();
        return new CoderProvisioning(out, renumbered, builds);
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
