package io.pitcrew.act;

import io.pitcrew.store.AuditEntry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** An audit row as data: the one shape of {@code pitcrew fix audit -o json|yaml} and {@code GET /api/audit}. */
public final class AuditDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditDocument() {}

    public static Map<String, Object> of(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at().toString());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("parameters", json(e.parameters()));
        m.put("changes", json(e.changes()));
        m.put("result", e.result());
        m.put("detail", e.detail());
        m.put("undo", e.inverse().map(AuditDocument::json).orElse(null));
        m.put("resumeAt", e.resumeAt().map(Object::toString).orElse(null));
        m.put("reverts", e.reverts().isPresent() ? e.reverts().getAsLong() : null);
        m.put("follows", e.follows().isPresent() ? e.follows().getAsLong() : null);
        return m;
    }

    /** The JSON columns are kept as text; they are JSON written by pitcrew, given as JSON rather than as strings. */
    private static JsonNode json(String text) {
        return text == null || text.isBlank() ? null : JSON.readTree(text);
    }
}
