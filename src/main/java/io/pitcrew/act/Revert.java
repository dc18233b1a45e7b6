package io.pitcrew.act;

import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.AuditLog;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code pitcrew fix revert ID}: the inverse an applied audit row recorded, run through the same safe path as
 * any fix. A row reverted once already is not reverted again (its revert is in effect).
 */
public final class Revert {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Revert() {}

    /** What to run to undo row {@code id}; empty when an earlier revert already undid it. Bad ids are exit 2. */
    public static Optional<Inverse> of(AuditLog audit, long id) {
        AuditEntry row = audit.find(id).orElseThrow(() -> new IllegalArgumentException(
                "audit #" + id + ": no such audit row (pitcrew fix audit lists them)"));
        if (!row.result().equals("applied")) {
            throw new IllegalArgumentException("audit #" + id + ": that row is a plan " + row.result()
                    + ", not one applied; only applied fixes can be reverted");
        }
        if (row.inverse().isEmpty()) {
            throw new IllegalArgumentException("audit #" + id + ": " + row.action() + " has no inverse"
                    + " (a restart or a deleted pod cannot be undone)");
        }
        List<AuditEntry> earlier = audit.revertsOf(id).stream()
                .filter(r -> r.result().equals("applied") || r.result().equals("in-effect")).toList();
        if (!earlier.isEmpty()) return Optional.empty();
        JsonNode inverse = JSON.readTree(row.inverse().get());
        Map<String, String> parameters = new LinkedHashMap<>();
        inverse.path("parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue().asString()));
        return Optional.of(new Inverse(inverse.path("action").asString(), parameters));
    }
}
