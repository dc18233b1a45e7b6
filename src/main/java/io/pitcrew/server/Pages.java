package io.pitcrew.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;

/**
 * What both pages share: the security headers of every HTML answer and the assets under {@code /assets}. The policy
 * allows scripts and styles from this server only, none inline: even a string that escaped the escaping could not
 * run.
 */
final class Pages {

    // Referrer-Policy same-origin, not no-referrer: under no-referrer Chrome sends "Origin: null" with the login
    // form's POST, and the Origin check (rightly) refuses it; same-origin still tells other sites nothing
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                    + "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "Cache-Control", "no-store");

    /** The only files served under /assets, with their types: nothing else on the classpath can be asked for. */
    private static final Map<String, String> ASSETS = Map.of(
            "pitcrew.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "status.js", "text/javascript; charset=utf-8",
            "live.js", "text/javascript; charset=utf-8");

    private Pages() {}

    static void routes(RoutesConfig routes) {
        routes.get("/assets/{file}", ctx -> {
            String type = ASSETS.get(ctx.pathParam("file"));
            if (type == null) {
                ctx.status(404).contentType("application/json").result("{\"error\":\"no such asset\"}");
                return;
            }
            ctx.contentType(type).header("X-Content-Type-Options", "nosniff").result(Html.resource("/web/" + ctx.pathParam("file")));
        });
    }

    static void html(Context ctx, Html.Safe page) {
        SECURITY_HEADERS.forEach(ctx::header);
        ctx.contentType("text/html; charset=utf-8").result(page.html());
    }
}
