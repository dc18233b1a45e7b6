package io.pitcrew.runbook;

import java.util.List;
import java.util.Optional;

/**
 * An action of {@code pitcrew fix} as a cause's {@code fix:} may name it: its id and the parameters it takes. The
 * names only, kept here rather than read from act's {@code Actions}, so loading the runbook (every doctor run) loads
 * no fix code; {@code act.FixActionNamesTest} fails when the two lists differ.
 */
public record FixAction(String id, List<String> parameters) {

    /** Every action, in the order of {@code pitcrew fix list}. */
    public static final List<FixAction> ALL = List.of(
            new FixAction("pause-key-rotation", List.of("for", "until")),
            new FixAction("resume-key-rotation", List.of("replicas")),
            new FixAction("delete-workspace-pod", List.of("pod", "region", "namespace")),
            new FixAction("restart-coder", List.of("region")),
            new FixAction("sync-mirror", List.of()),
            new FixAction("refresh-pull-secret", List.of("region", "namespace", "secret")),
            new FixAction("scale-litellm", List.of("replicas")),
            new FixAction("update-litellm-credentials", List.of("secret", "from-stdin", "from-env", "expires-at")),
            new FixAction("restart-litellm", List.of()),
            new FixAction("scale-provisioners", List.of("replicas", "others")),
            new FixAction("raise-provisioner-limits", List.of("cpu", "memory")));

    public FixAction {
        parameters = List.copyOf(parameters);
    }

    public static Optional<FixAction> byId(String id) {
        return ALL.stream().filter(a -> a.id().equals(id)).findFirst();
    }
}
