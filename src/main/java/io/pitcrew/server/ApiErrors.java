package io.pitcrew.server;

import io.javalin.config.RoutesConfig;
import io.pitcrew.incident.ChangeRefused;
import io.pitcrew.incident.StaleIncident;
import io.pitcrew.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as {@code {"error": ...}} with its status: bad input 400, a change the incident rules refuse or a
 * write that lost a race 409, the store failing 503, anything unexpected 500 without its details.
 */
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {}

    static void register(RoutesConfig routes) {
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
