package io.pitcrew.server;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A server that answers every request with one status and the request itself in the body — every header's value
 * bare, then the request line, every header and the body — as debug endpoints, misconfigured proxies and some API
 * gateways do. The dump is sent as JSON
 * ({@code message} and {@code detail}, the fields Coder, Kubernetes' Status and most error bodies have) so that
 * clients that read a structured error take the credentials in too.
 */
final class EchoServer implements AutoCloseable {

    private final HttpServer server;

    EchoServer(int status) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            // every header's value bare, a scheme's word taken off, first (clients keep an error's first line): no
            // header name or "Bearer" before it, so only knowing what was sent can hide it; then the request as sent
            StringBuilder dump = new StringBuilder("received:");
            for (List<String> values : exchange.getRequestHeaders().values()) {
                for (String v : values) dump.append(' ').append(v.replaceFirst("^(Bearer|Basic) ", ""));
            }
            dump.append('\n').append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI()).append('\n');
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                for (String v : h.getValue()) dump.append(h.getKey()).append(": ").append(v).append('\n');
            }
            dump.append('\n').append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String json = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + status
                    + ",\"message\":" + quote(dump.toString()) + ",\"detail\":" + quote(dump.toString())
                    + ",\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":" + quote(dump.toString()) + "}]"
                    + ",\"error\":{\"message\":" + quote(dump.toString()) + ",\"type\":\"echo\"}}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (status == 401) exchange.getResponseHeaders().set("Www-Authenticate", "Basic realm=\"echo\"");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
