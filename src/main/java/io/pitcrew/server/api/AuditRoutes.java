package io.pitcrew.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pitcrew.act.AuditDocument;
import io.pitcrew.server.access.RequiredRole;
import io.pitcrew.server.http.ApiError;
import io.pitcrew.server.http.JsonBody;
import io.pitcrew.store.AuditLog;

import java.util.Map;

/** {@code GET /api/audit}: the latest rows of the audit log, as {@code pitcrew fix audit} shows them, newest first. */
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
        JsonBody.write(ctx, 200, Map.of("entries", audit.latest(limit).stream().map(AuditDocument::of).toList()));
    }
}
