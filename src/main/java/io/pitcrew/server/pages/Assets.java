package io.pitcrew.server.pages;

import io.javalin.config.RoutesConfig;
import io.pitcrew.server.http.Html;
import io.pitcrew.server.http.JsonBody;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What both pages share: the assets under {@code /assets} (their answers carry {@link Html#SECURITY_HEADERS}'s policy). */
public final class Assets {

    /**
     * What may be asked for under /assets: a CSS or JavaScript file of /web on the classpath, by a plain name (no path,
     * so nothing else on the classpath can be reached); its type from its extension. A name that fits but is not
     * there is a 404 like any other.
     */
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+\\.(css|js)");
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");

    private Assets() {}

    public static void routes(RoutesConfig routes) {
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
}
