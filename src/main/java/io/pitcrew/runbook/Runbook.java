package io.pitcrew.runbook;

import java.util.List;
import java.util.Optional;

/** Every incident type pitcrew knows, in runbook order. */
public record Runbook(List<IncidentType> types) {

    public static final String DOC = "docs/runbook.md";

    public Optional<IncidentType> type(String id) {
        return types.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** The cause a key ({@code incidentType/cause}, as {@link Finding#key()}) names. */
    public Optional<Cause> cause(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) return Optional.empty();
        String cause = key.substring(slash + 1);
        return type(key.substring(0, slash)).flatMap(t -> t.causes().stream().filter(c -> c.id().equals(cause)).findFirst());
    }

    /** The keys of the causes whose {@code fix:} names actions, in runbook order. */
    public List<String> fixable() {
        return types.stream().flatMap(t -> t.causes().stream().filter(c -> !c.fix().isEmpty())
                .map(c -> Finding.key(t.id(), c.id()))).toList();
    }

    /** A link to a type's section of the rendered runbook. */
    public static String link(String typeId) { return DOC + "#" + typeId; }
}
