package io.pitcrew.runbook;

import java.util.List;
import java.util.Optional;

/** Every incident type pitcrew knows, in runbook order. */
public record Runbook(List<IncidentType> types) {

    public static final String DOC = "docs/runbook.md";

    public Optional<IncidentType> type(String id) {
        return types.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** A link to a type's section of the rendered runbook. */
    public static String link(String typeId) { return DOC + "#" + typeId; }
}
