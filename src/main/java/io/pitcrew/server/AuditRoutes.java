package io.pitcrew.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.AuditLog;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/audit}: the latest rows of the audit log, as {@code pitcrew fix --audit} shows them, newest first. */
final class AuditRoutes {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final AuditLog audit;

    AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/audit", this::latest, RequiredRole.VIEWER);
    }

    private void latest(Context ctx) {
        String text = ctx.queryParam("limit");
        int limit = DEFAULT_LIMIT;
        if (text != null) {
            try {
                limit = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) throw ApiError.badRequest("limit=" + text + ": a whole number from 1 to " + MAX_LIMIT);
        }
        JsonBody.write(ctx, 200, Map.of("entries", audit.latest(limit).stream().map(AuditRoutes::row).toList()));
    }

    private static Map<String, Object> row(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at().toString());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("parameters", json(e.parameters()));
        m.put("changes", json(e.changes()));
        m.put("result", e.result());
        m.put("detail", e.detail());
        m.put("undo", e.inverse().map(AuditRoutes::json).orElse(null));
        m.put("resumeAt", e.resumeAt().map(Object::toString).orElse(null));
        m.put("reverts", e.reverts().isPresent() ? e.reverts().getAsLong() : null);
        m.put("follows", e.follows().isPresent() ? e.follows().getAsLong() : null);
        return m;
    }

    /** The JSON columns are kept as text; they are JSON written by pitcrew, sent as JSON rather than as strings. */
    private static JsonNode json(String text) {
        return text == null || text.isBlank() ? null : JsonBody.JSON.readTree(text);
    }
}
