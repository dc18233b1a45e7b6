package io.pitcrew.act;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which actions the runbook's resolution of a finding calls for, by the finding's {@code incidentType/cause} as
 * {@code doctor -o json} prints them. A test checks every key against the runbook and every action against
 * {@link Actions}, so neither can drift.
 */
public final class Suggestions {

    private static final Map<String, List<String>> BY_FINDING = new LinkedHashMap<>();

    static {
        BY_FINDING.put("workspace-restarts/ephemeral-storage-exhaustion", List.of("delete-workspace-pod"));
        BY_FINDING.put("workspace-restarts/resource-contention", List.of("delete-workspace-pod"));
        BY_FINDING.put("workspace-restarts/key-rotation", List.of("pause-key-rotation"));
        BY_FINDING.put("subdomain-routing/image-version-mismatch", List.of("sync-mirror", "restart-coder"));
        BY_FINDING.put("subdomain-routing/mirror-out-of-sync", List.of("sync-mirror"));
        BY_FINDING.put("image-pull/mirror-out-of-sync", List.of("sync-mirror"));
        BY_FINDING.put("subdomain-routing/workspace-proxy-unhealthy", List.of("restart-coder"));
        BY_FINDING.put("image-pull/registry-auth", List.of("refresh-pull-secret"));
        BY_FINDING.put("litellm-auth/credentials-expired", List.of("update-litellm-credentials", "restart-litellm"));
        BY_FINDING.put("litellm-auth/key-rotation", List.of("pause-key-rotation"));
        BY_FINDING.put("litellm-auth/key-rotation-pause-overdue", List.of("resume-key-rotation"));
        BY_FINDING.put("litellm-auth/key-rotator-down", List.of("pause-key-rotation"));
        BY_FINDING.put("litellm-auth/litellm-outage", List.of("restart-litellm"));
        BY_FINDING.put("litellm-auth/litellm-capacity-exceeded", List.of("scale-litellm"));
        BY_FINDING.put("resource-contention/insufficient-provisioners", List.of("scale-provisioners"));
        BY_FINDING.put("provisioner-failures/insufficient-provisioners", List.of("scale-provisioners"));
        BY_FINDING.put("provisioner-failures/provisioner-resource-limits", List.of("raise-provisioner-limits"));
    }

    private Suggestions() {}

    /** The actions for {@code incidentType/cause}; empty when the runbook's resolution has none pitcrew can run. */
    public static Optional<List<Action>> forFinding(String finding) {
        return Optional.ofNullable(BY_FINDING.get(finding))
                .map(ids -> ids.stream().map(id -> Actions.byId(id).orElseThrow()).toList());
    }

    /**
     * The parameter sets the finding's evidence fills in for {@code action} ({@code finding} as {@code doctor -o json}
     * prints it): one delete per evidence pod, a restart per region; one empty set for actions that need nothing.
     */
    public static List<Map<String, String>> parametersFor(Action action, JsonNode finding) {
        List<Map<String, String>> out = new ArrayList<>();
        switch (action.id()) {
            case "delete-workspace-pod" -> finding.path("evidence").forEach(e -> {
                if (e.path("kind").asString("").equals("Pod")) {
                    Map<String, String> p = new LinkedHashMap<>();
                    p.put("region", e.path("region").asString());
                    p.put("namespace", e.path("namespace").asString());
                    p.put("pod", e.path("name").asString());
                    out.add(p);
                }
            });
            case "restart-coder" -> finding.path("regions").forEach(r -> out.add(Map.of("region", r.asString())));
            default -> out.add(Map.of());
        }
        return out.stream().distinct().toList();
    }

    public static Map<String, List<String>> all() {
        return java.util.Collections.unmodifiableMap(BY_FINDING);
    }
}
