package io.pitcrew.cli;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for {@code pitcrew serve}'s {@code GET /api/report} on 127.0.0.1, answering what a real one cannot be made
 * to (garbage, a stale report, an echo of the request), in its wire format: a status, a content type, a body.
 */
final class FakeServe implements AutoCloseable {

    private final HttpServer server;
    /** The Authorization header of every request, as received. */
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    FakeServe(int status, String contentType, String body) {
        this("", status, contentType, body);
    }

    /** Behind a proxy that serves it at {@code prefix} ({@code /pitcrew}). */
    FakeServe(String prefix, int status, String contentType, String body) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(prefix + "/api/report", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth);
            // {authorization} in the body: a server that echoes the request, as error pages do
            byte[] bytes = body.replace("{authorization}", String.valueOf(auth)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
