package io.pitcrew.observe.coder;

import java.time.Instant;
import java.util.Map;

/**
 * One provisioner daemon as coderd lists it ({@code GET /api/v2/organizations/{org}/provisionerdaemons}).
 * A daemon heartbeats every 60 s; coderd calls it offline once {@code lastSeenAt} is 90 s old. Its name is the
 * host it runs on, which for a Kubernetes provisioner is the pod's name.
 *
 * @param status     offline, idle or busy, as coderd says (older coderd versions leave it empty)
 * @param lastSeenAt null when coderd never heard from it
 * @param currentJob the job it is running, or null
 */
public record ProvisionerDaemon(String id, String name, String version, Map<String, String> tags, String status,
                                Instant lastSeenAt, Job currentJob) {

    public ProvisionerDaemon {
        tags = Map.copyOf(tags);
    }

    /** The job a busy daemon runs: enough to name it in evidence. */
    public record Job(String id, String status, String templateName) {}
}
