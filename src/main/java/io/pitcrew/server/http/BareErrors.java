package io.pitcrew.server.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What Jetty answers itself, before a request reaches serve's routes (an ambiguous path such as {@code /assets/%2e%2e/},
 * a malformed request line): the same JSON error and security headers as every other answer, instead of Jetty's HTML
 * page that names its server and echoes the URI.
 */
public final class BareErrors extends ErrorHandler {

    /** The headers of every answer that is not a page (pages set their own policy: {@link Html#SECURITY_HEADERS}). */
    public static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "same-origin",
            "Cache-Control", "no-store");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty closes the connection after answering a request it could not route, without saying so: a client
        // that sent its next request on it (a POST is never retried) met a closed socket instead of an answer
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        String error = code == 400 ? "bad request: the request line, a header or the path is malformed or ambiguous"
                : "HTTP " + code;
        byte[] body = JsonBody.JSON.writeValueAsBytes(Map.of("error", error));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
