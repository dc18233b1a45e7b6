package io.pitcrew.server;

import io.javalin.http.Context;

import java.util.Map;

/** The login form: one token field, no scripts; rendered from the same escaping templates and policy as the pages. */
final class LoginPage {

    void show(Context ctx, int status, String message) {
        Html.Safe shown = message.isEmpty() ? Html.Safe.EMPTY : Html.render("login-message.html", Map.of("text", message));
        Pages.SECURITY_HEADERS.forEach(ctx::header);
        ctx.status(status).contentType("text/html; charset=utf-8").result(Html.render("login.html", Map.of("message", shown)).html());
    }
}
