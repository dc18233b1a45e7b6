package io.pitcrew.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of one upstream (a lab region's API server, the lab's registry, coderd, LiteLLM, health
 * endpoints, a notification service) that answers the requests a predicate picks with a fault, and passes every other
 * request through unchanged: the upstreams pitcrew meets on a bad day, made on purpose. The bodies of a fault are in
 * the upstream's {@link Dialect}; the fault can be switched while the proxy runs (a source that recovers). Plain HTTP
 * by default; {@link Options#serving} makes it answer over TLS with a certificate a test made (expired, for another
 * host), and {@link Options#upstreamTls} lets it reach an upstream that speaks HTTPS.
 */
final class FaultyProxy implements AutoCloseable {

    /** What the proxy does to a picked request. */
    enum Fault {
        HANG("no answer (hang)"),
        SLOW("slow (5 s), then the answer"),
        RESET("reset mid-body"),
        E500("500"), E502("502"), E503("503"),
        E429_RETRY_AFTER("429 with Retry-After: 1"), E429("429 without Retry-After"),
        E401("401"), E403("403"), E410("410 Gone"),
        MALFORMED("malformed JSON"), TRUNCATED("truncated JSON"),
        WRONG_SHAPE("valid JSON, wrong shape"),
        HUGE("huge answer (5 MB)");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade",
            "expect", "keep-alive");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client;
    private final URI upstream;
    private final Dialect dialect;
    private final Predicate<String> picked;
    private volatile Fault fault;
    private final AtomicInteger faulted = new AtomicInteger();

    /**
     * How the proxy speaks besides the fault.
     *
     * @param dialect     the shape of the fault's bodies
     * @param upstreamTls trust for an upstream that speaks HTTPS (the lab's health endpoints)
     * @param serving     answer over TLS with this context instead of plain HTTP
     */
    record Options(Dialect dialect, Optional<SSLContext> upstreamTls, Optional<SSLContext> serving) {
        static Options of(Dialect dialect) {
            return new Options(dialect, Optional.empty(), Optional.empty());
        }

        Options upstreamTls(SSLContext trust) {
            return new Options(dialect, Optional.of(trust), serving);
        }

        Options serving(SSLContext tls) {
            return new Options(dialect, upstreamTls, Optional.of(tls));
        }
    }

    /**
     * A Kubernetes API server's proxy.
     *
     * @param upstream where requests go ({@code http://127.0.0.1:PORT})
     * @param picked   which requests get the fault, by path and query ({@code /api/v1/pods?limit=500})
     */
    FaultyProxy(URI upstream, Fault fault, Predicate<String> picked) throws IOException {
        this(upstream, fault, picked, Options.of(Dialect.KUBERNETES));
    }

    /** @param fault null: every request passes (until {@link #fault(Fault)}) */
    FaultyProxy(URI upstream, Fault fault, Predicate<String> picked, Options options) throws IOException {
        this.upstream = upstream;
        this.fault = fault;
        this.picked = picked;
        this.dialect = options.dialect();
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        options.upstreamTls().ifPresent(b::sslContext);
        this.client = b.build();
        if (options.serving().isPresent()) {
            HttpsServer tls = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            tls.setHttpsConfigurator(new HttpsConfigurator(options.serving().get()));
            server = tls;
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, picked requests get {@code next}; null passes them (the source recovered). */
    void fault(Fault next) {
        fault = next;
    }

    /** How many requests were answered with the fault. */
    int faulted() {
        return faulted.get();
    }

    private void handle(HttpExchange x) throws IOException {
        String target = x.getRequestURI().toString();
        Fault now = fault;
        try (x) {
            if (now == null || !picked.test(target)) {
                pass(x, target);
                return;
            }
            faulted.incrementAndGet();
            switch (now) {
                case HANG -> sleep(Duration.ofMinutes(2));
                case SLOW -> {
                    sleep(Duration.ofSeconds(5));
                    pass(x, target);
                }
                case RESET -> {
                    byte[] start = dialect.truncated().getBytes(StandardCharsets.UTF_8);
                    x.getResponseHeaders().set("Content-Type", "application/json");
                    x.sendResponseHeaders(200, 100_000);
                    x.getResponseBody().write(start);
                    x.getResponseBody().flush();
                    // closing with the body short of its length: the server drops the connection under the reader
                }
                case E500 -> status(x, 500, "InternalError", "etcdserver: request timed out", null);
                case E502 -> status(x, 502, "InternalError", "bad gateway", null);
                case E503 -> status(x, 503, "ServiceUnavailable", "the server is currently unable to handle the request", null);
                case E429_RETRY_AFTER -> status(x, 429, "TooManyRequests", "too many requests, please try again later", "1");
                case E429 -> status(x, 429, "TooManyRequests", "too many requests", null);
                case E401 -> status(x, 401, "Unauthorized", "Unauthorized", null);
                case E403 -> status(x, 403, "Forbidden", "pods is forbidden: User \"system:anonymous\" cannot list resource", null);
                case E410 -> status(x, 410, "Expired", "too old resource version: 1 (2)", null);
                case MALFORMED -> body(x, 200, dialect.malformed());
                case TRUNCATED -> body(x, 200, dialect.truncated());
                case WRONG_SHAPE -> body(x, 200, dialect.wrongShape());
                case HUGE -> {
                    if (dialect == Dialect.KUBERNETES) huge(x, target);
                    else padded(x, target);
                }
            }
        } catch (IOException e) {
            // the client went away (its timeout): nothing to answer
        }
    }

    private void pass(HttpExchange x, String target) throws IOException {
        HttpResponse<byte[]> answer = forward(x, target);
        if (answer == null) return;
        byte[] bytes = answer.body();
        if (x.getRequestMethod().equals("HEAD")) {
            // a HEAD's answer has the headers of a GET's and no body; its Content-Length is not ours to send
            x.sendResponseHeaders(answer.statusCode(), -1);
            return;
        }
        x.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) x.getResponseBody().write(bytes);
    }

    /** The request, as it came, to the upstream; its answer's headers copied to the exchange. Null when interrupted. */
    private HttpResponse<byte[]> forward(HttpExchange x, String target) throws IOException {
        HttpRequest.Builder r = HttpRequest.newBuilder(upstream.resolve(target)).timeout(Duration.ofSeconds(60));
        x.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) values.forEach(v -> r.header(name, v));
        });
        byte[] body = x.getRequestBody().readAllBytes();
        r.method(x.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) x.getResponseHeaders().put(name, List.copyOf(values));
        });
        return answer;
    }

    /** The real answer after 5 MB of white space: valid JSON of any shape, big, and of no use. */
    private void padded(HttpExchange x, String target) throws IOException {
        if (x.getRequestMethod().equals("HEAD")) {
            pass(x, target);
            return;
        }
        HttpResponse<byte[]> answer = forward(x, target);
        if (answer == null) return;
        byte[] body = answer.body();
        byte[] padding = " ".repeat(5 << 20).getBytes(StandardCharsets.US_ASCII);
        x.sendResponseHeaders(answer.statusCode(), padding.length + body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(padding);
            out.write(body);
        }
    }

    /** The real answer with a 5 MB annotation on its first item: big, valid, and of no use. */
    private void huge(HttpExchange x, String target) throws IOException {
        String padding = "\"pitcrew.io/padding\":\"" + "x".repeat(5 << 20) + "\"";
        HttpResponse<String> answer;
        try {
            answer = client.send(HttpRequest.newBuilder(upstream.resolve(target)).header("Authorization",
                    String.valueOf(x.getRequestHeaders().getFirst("Authorization"))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String text = answer.body();
        int meta = text.indexOf("\"metadata\":{", text.indexOf("\"items\":[") + 1);
        String padded = meta < 0 ? "{" + padding + "," + text.substring(text.indexOf('{') + 1)
                : text.substring(0, meta + 12) + "\"annotations\":{" + padding + "}," + text.substring(meta + 12);
        body(x, answer.statusCode(), padded);
    }

    private void status(HttpExchange x, int code, String reason, String message, String retryAfter) throws IOException {
        if (retryAfter != null) x.getResponseHeaders().set("Retry-After", retryAfter);
        if (x.getRequestMethod().equals("HEAD")) {
            x.sendResponseHeaders(code, -1);
            return;
        }
        body(x, code, dialect.status(code, reason, message, retryAfter));
    }

    private static void body(HttpExchange x, int code, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bodies of a fault, as an upstream of one kind writes them. */
    enum Dialect {
        /** The API server's Status and List. */
        KUBERNETES {
            @Override
            String status(int code, String reason, String message, String retryAfter) {
                // as the API server writes it: a 429's Status carries the same delay as its Retry-After header
                String details = retryAfter == null ? "" : ",\"details\":{\"retryAfterSeconds\":" + retryAfter + "}";
                return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + message
                        + "\",\"reason\":\"" + reason + "\"" + details + ",\"code\":" + code + "}";
            }

            @Override
            String malformed() {
                return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [}, oops";
            }

            @Override
            String truncated() {
                return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[{\"metadata\":{\"na";
            }

            @Override
            String wrongShape() {
                return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":{\"not\":\"a list\"},\"spec\":[1,2,3]}";
            }
        },
        /**
         * A JSON API other than Kubernetes' (OCI distribution, coderd, LiteLLM, Slack, PagerDuty, GitHub): an error body
         * that carries its message where each of them puts it — OCI's {@code errors[0]}, coderd's {@code message},
         * LiteLLM's {@code error} and FastAPI's {@code detail} — so each reads what it would read from its own.
         */
        JSON {
            @Override
            String status(int code, String reason, String message, String retryAfter) {
                return "{\"errors\":[{\"code\":\"" + reason.toUpperCase() + "\",\"message\":\"" + message + "\"}],\"message\":\"" + message
                        + "\",\"error\":{\"message\":\"" + message + "\",\"type\":\"" + reason + "\"},\"detail\":\"" + message + "\"}";
            }

            @Override
            String malformed() {
                return "{\"status\": \"healthy\", \"regions\": [}, oops";
            }

            @Override
            String truncated() {
                return "{\"schemaVersion\":2,\"regions\":[{\"name\":\"prim";
            }

            @Override
            String wrongShape() {
                return "{\"not\":\"what was asked\",\"items\":{\"a\":[1,2,3]}}";
            }
        };

        abstract String status(int code, String reason, String message, String retryAfter);

        abstract String malformed();

        abstract String truncated();

        abstract String wrongShape();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        client.close();
    }
}
