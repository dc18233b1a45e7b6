package io.pitcrew.observe.coder;

import java.time.Instant;

/**
 * A workspace's latest build as {@code GET /api/v2/workspaces} shows it.
 *
 * @param status              pending, starting, running, stopping, stopped, failed, canceling, canceled, deleting, deleted
 * @param transition          start, stop or delete
 * @param createdAt           when the build was queued
 * @param matchedProvisioners how many daemons match the build's job tags; 0 means no provisioner can ever take it,
 *                            -1 when coderd did not say (older versions)
 */
public record WorkspaceBuild(String workspace, String owner, String template, String status, String transition,
                             Instant createdAt, String jobStatus, int queuePosition, int matchedProvisioners) {}
