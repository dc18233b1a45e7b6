package io.pitcrew.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.pitcrew.incident.FreeText;
import io.pitcrew.incident.ChangeRefused;
import io.pitcrew.incident.StaleIncident;
import io.pitcrew.server.http.ApiError;
import io.pitcrew.server.http.JsonBody;
import io.pitcrew.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as {@code {"error": ...}} with its status: bad input 400, no such route 404, a body over
 * {@link #MAX_BODY} 413, a change the incident rules refuse or a write that lost a race 409, the store failing 503,
 * anything unexpected 500 without its details.
 */
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    /** The largest request body read: every body the API takes is a small JSON object; the texts in it are bounded. */
    static final long MAX_BODY = 64 * 1024;

    private ApiErrors() {}

    static void register(RoutesConfig routes) {
        // Javalin's own refusals (no route, body too large) are plain text unless caught: the API's are JSON like the rest
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String message = switch (e.getStatus()) {
                case 404 -> "no route " + ctx.method() + " " + ctx.path() + ": see docs/serve.md (HTTP API, Responder API)";
                case 413 -> "the request body is larger than " + MAX_BODY + " bytes: notes, updates, reasons and root causes are at most "
                        + FreeText.LONG + " characters, titles and names " + FreeText.SHORT;
                default -> e.getMessage();
            };
            if (ctx.path().startsWith("/api/")) JsonBody.error(ctx, e.getStatus(), message);
            else ctx.status(e.getStatus()).contentType("text/plain; charset=utf-8").result(message);
        });
        routes.exception(ApiError.class, (e, ctx) -> JsonBody.error(ctx, e.status(), e.getMessage()));
        routes.exception(ChangeRefused.class, (e, ctx) -> JsonBody.error(ctx, 409, e.getMessage()));
        routes.exception(StaleIncident.class, (e, ctx) -> JsonBody.error(ctx, 409, e.getMessage()));
        routes.exception(IllegalArgumentException.class, (e, ctx) -> JsonBody.error(ctx, 400, e.getMessage()));
        routes.exception(StoreException.class, (e, ctx) -> JsonBody.error(ctx, 503, "the store failed: " + e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
            JsonBody.error(ctx, 500, "internal error (" + e.getClass().getSimpleName() + "); see the server's log");
        });
    }
}
