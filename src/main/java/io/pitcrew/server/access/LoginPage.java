package io.pitcrew.server.access;

import io.javalin.http.Context;
import io.pitcrew.server.http.Html;

import java.util.Map;

/** The login form: one token field, no scripts; rendered from the same escaping templates and policy as the pages. */
final class LoginPage {

    void show(Context ctx, int status, String message) {
        Html.Safe shown = message.isEmpty() ? Html.Safe.EMPTY : Html.render("login-message.html", Map.of("text", message));
        Html.answer(ctx.status(status), Html.render("login.html", Map.of("message", shown)));
    }
}
