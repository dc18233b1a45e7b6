package io.pitcrew.observe.coder;

import java.time.Instant;
import java.util.Map;

/**
 * One provisioner job ({@code GET /api/v2/organizations/{org}/provisionerjobs?status=pending}).
 *
 * @param type             workspace_build, template_version_import or template_version_dry_run
 * @param availableWorkers how many daemons could take it by their tags; 0 means none matches
 * @param workspaceName    from the job's metadata; empty for template jobs
 */
public record ProvisionerJob(String id, Instant createdAt, String status, int queuePosition, int queueSize, String type,
                             Map<String, String> tags, int availableWorkers, String workspaceName, String templateName) {

    public ProvisionerJob {
        tags = Map.copyOf(tags);
    }
}
