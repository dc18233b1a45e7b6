package io.pitcrew.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coder's {@code /healthz} for every lab region, over real TLS on 127.0.0.1, as {@code /healthz/<region>}.
 *
 * <p>A fresh CA is made at each start, so nothing outside this lab trusts it: a probe must be given
 * {@link #caPem()} (as a trust file) to get past the handshake, which is exactly the configuration a private
 * deployment needs, and a probe with system trust sees a TLS error. The server certificate is for
 * {@code localhost} and {@code 127.0.0.1}.
 *
 * <p>Each region answers by its {@link State}, changeable while the lab runs. Simpler than Coder: one port for all
 * regions (told apart by path, not by host name), and the failing body is a fixed message.
 */
final class LabHealth implements AutoCloseable {

    enum State {
        /** 200 {@code OK}, as Coder answers. */
        OK,
        /** 503 with a Coder-style {@code {"message":...}} body. */
        FAILING,
        /** Accepts the request and never answers until the state changes, {@link #reset()} or {@link #close()}. */
        HANGING
    }

    static final String FAILING_BODY = "{\"message\":\"Coder is unhealthy: database ping failed\"}";

    private static final String PATH = "/healthz/";

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final HttpsServer server;
    private final ExecutorService handlers;
    private final String caPem;
    private final Object lock = new Object();
    /** Counted down, and replaced, whenever a state changes, so hanging requests look again. */
    private CountDownLatch changed = new CountDownLatch(1);
    private boolean closed;
    private final AtomicInteger hanging = new AtomicInteger();

    private LabHealth(List<String> regions, HttpsServer server, ExecutorService handlers, String caPem) {
        regions.forEach(r -> states.put(r, State.OK));
        this.server = server;
        this.handlers = handlers;
        this.caPem = caPem;
    }

    /** Starts on a free loopback port with every region {@link State#OK}. */
    static LabHealth start(List<String> regions) {
        LabTls tls = LabTls.forLab();
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls.server()));
            // Daemon threads: a hanging request must never keep a test JVM or the lab command alive.
            ExecutorService handlers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "lab-health");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(handlers);
            LabHealth health = new LabHealth(List.copyOf(regions), server, handlers, tls.caPem());
            server.createContext(PATH, health::handle);
            server.start();
            return health;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the lab health server", e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://127.0.0.1:<port>/healthz/<region>}: the IP, since the server listens on IPv4 loopback only. */
    URI url(String region) {
        requireRegion(region);
        return URI.create("https://127.0.0.1:" + port() + PATH + region);
    }

    /** The lab CA's certificate in PEM: the one trust anchor that makes this server's certificate valid. */
    String caPem() {
        return caPem;
    }

    /** How many requests are being held by a {@link State#HANGING} region right now; tests wait on it, not on sleeps. */
    int hangingRequests() {
        return hanging.get();
    }

    void set(String region, State state) {
        requireRegion(region);
        states.put(region, state);
        wake();
    }

    /** Every region back to {@link State#OK}; requests that were hanging are answered. */
    void reset() {
        states.replaceAll((r, s) -> State.OK);
        wake();
    }

    /** Returns promptly even with requests hanging: they are released and their connections closed. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        wake();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void wake() {
        synchronized (lock) {
            changed.countDown();
            changed = new CountDownLatch(1);
        }
    }

    private void requireRegion(String region) {
        if (!states.containsKey(region)) throw new IllegalArgumentException("no lab region " + region + "; have " + states.keySet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String region = exchange.getRequestURI().getPath().substring(PATH.length());
            if (!states.containsKey(region)) {
                send(exchange, 404, "text/plain", "404 page not found");
                return;
            }
            State state = awaitAnswerable(region);
            if (state == null) return; // closing: drop the request unanswered, as a dying server would
            switch (state) {
                case OK -> send(exchange, 200, "text/plain; charset=utf-8", "OK");
                case FAILING -> send(exchange, 503, "application/json", FAILING_BODY);
                case HANGING -> throw new IllegalStateException("unreachable: waited past HANGING");
            }
        } catch (IOException e) {
            // The client went away (it timed out, or the lab is closing): nothing to answer.
        }
    }

    /** The region's state once it is not {@link State#HANGING}; null when the server closes first. */
    private State awaitAnswerable(String region) {
        while (true) {
            CountDownLatch wait;
            synchronized (lock) {
                if (closed) return null;
                State state = states.get(region);
                if (state != State.HANGING) return state;
                wait = changed;
            }
            hanging.incrementAndGet();
            try {
                wait.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                hanging.decrementAndGet();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
