package io.pitcrew.config;

import java.util.List;
import java.util.Optional;

/** Reads pitcrew.yaml's {@code workspace:}: what one workspace of the workshop's template requests, for sizing. */
final class WorkspaceConfig {

    static final List<String> KEYS = ConfigSection.keysOf(WorkspaceRequests.class);

    private WorkspaceConfig() {}

    /** Empty when the file has no {@code workspace:}: preflight then reads the requests of the workspace pods it finds. */
    static Optional<WorkspaceRequests> read(ConfigSection top) {
        if (!top.node.has("workspace")) return Optional.empty();
        ConfigSection s = top.section("workspace", KEYS);
        WorkspaceRequests d = WorkspaceRequests.runbook();
        return Optional.of(new WorkspaceRequests(
                s.quantity("cpu", d.cpu(), "a workspace's cpu request, like 4 or 3500m"),
                s.quantity("memory", d.memory(), "a workspace's memory request, like 8Gi")));
    }
}
