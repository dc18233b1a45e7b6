package io.pitcrew.server;

import io.javalin.http.Context;

/** The login form: one token field, no scripts, no external assets; everything shown is escaped. */
final class LoginPage {

    void show(Context ctx, int status, String message) {
        ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store").result("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>pitcrew: log in</title>
                <style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
                input{width:100%%;padding:.5rem;font:inherit;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem;font:inherit}
                .error{border-left:4px solid currentColor;padding-left:.5rem}</style></head>
                <body><h1>pitcrew responders</h1>
                %s<form method="post" action="/login">
                <label for="token">Token</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
                <button type="submit">Log in</button>
                </form></body></html>
                """.formatted(message.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + escape(message) + "</p>\n"));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
