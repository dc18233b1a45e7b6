package io.pitcrew.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * What may be asked for under /assets: a CSS or JavaScript file of /web on the classpath, by a plain name (no path,
     * so nothing else on the classpath can be reached); its type from its extension. A name that fits but is not
     * there is a 404 like any other.
     */
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+\\.(css|js)");
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");

    private Pages() {}

    static void routes(RoutesConfig routes) {
        routes.get("/assets/{file}", ctx -> {
            String file = ctx.pathParam("file");
            Matcher m = ASSET.matcher(file);
            Optional<String> body = m.matches() ? Html.optionalResource("/web/" + file) : Optional.empty();
            if (body.isEmpty()) {
                JsonBody.error(ctx, 404, "no such asset: " + file);
                return;
            }
            ctx.contentType(TYPES.get(m.group(1))).result(body.get());
        });
    }

    static void html(Context ctx, Html.Safe page) {
        SECURITY_HEADERS.forEach(ctx::header);
        ctx.contentType("text/html; charset=utf-8").result(page.html());
    }
}
