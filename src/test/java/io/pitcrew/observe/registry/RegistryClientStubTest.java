package io.pitcrew.observe.registry;

import io.pitcrew.image.ImageRef;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a local docker-registry cannot do: ghcr.io's anonymous bearer-token flow (the registry would need a token
 * server with signing keys), rate limiting, 5xx, a server that accepts and never answers. The stubs speak the wire
 * format from platform-apis.md ("Registries"): the same headers and error bodies, nothing more.
 */
class RegistryClientStubTest {

    static final String DIGEST = "sha256:" + "b".repeat(64);
    static final String TOKEN = "ghcr-anon-token-7f3a9c";
    static final String INDEX = "application/vnd.oci.image.index.v1+json";

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private String start(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                String query = exchange.getRequestURI().getQuery(); // decoded: what the token service reads
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + (query == null ? "" : "?" + query) + (auth == null ? "" : " [" + auth + "]"));
                handler.handle(exchange);
            }
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static void reply(HttpExchange e, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = e.getRequestMethod().equals("HEAD");
        if (!body.isEmpty() && !e.getResponseHeaders().containsKey("Content-Type")) e.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        e.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) e.getResponseBody().write(bytes);
    }

    private static String error(String code, String message) {
        return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":{}}]}";
    }

    private static RegistryClient client(Duration timeout) {
        return new RegistryClient(RegistryClient.Options.defaults().withTimeout(timeout).withRetryBackoff(Duration.ofMillis(10)));
    }

    /** Behaves like ghcr.io for anonymous pulls of coder/coder-preview. */
    private String ghcr(String tokenBody) throws IOException {
        int[] port = new int[1];
        String host = start(e -> {
            String path = e.getRequestURI().getPath();
            if (path.equals("/token")) {
                reply(e, tokenBody.startsWith("{\"errors") ? 403 : 200, tokenBody);
                return;
            }
            if (!("Bearer " + TOKEN).equals(e.getRequestHeaders().getFirst("Authorization"))) {
                e.getResponseHeaders().set("Www-Authenticate", "Bearer realm=\"http://127.0.0.1:" + port[0]
                        + "/token\",service=\"ghcr.io\",scope=\"repository:coder/coder-preview:pull\"");
                reply(e, 401, error("UNAUTHORIZED", "authentication required"));
                return;
            }
            if (path.equals("/v2/coder/coder-preview/manifests/latest")) {
                e.getResponseHeaders().set("Docker-Content-Digest", DIGEST);
                e.getResponseHeaders().set("Content-Type", INDEX);
                e.sendResponseHeaders(200, -1);
            } else if (path.startsWith("/v2/coder/coder-preview/")) {
                reply(e, 404, error("MANIFEST_UNKNOWN", "manifest unknown"));
            } else {
                reply(e, 404, error("NAME_UNKNOWN", "repository name not known to registry"));
            }
        });
        port[0] = server.getAddress().getPort();
        return host;
    }

    @Test
    void ghcrAnonymousBearerFlow() throws IOException {
        String host = ghcr("{\"token\":\"" + TOKEN + "\"}");
        DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/coder/coder-preview:latest"));
        assertThat(result).isEqualTo(new DigestResult.Found(DIGEST, INDEX));
        assertThat(seen).containsExactly(
                "HEAD /v2/coder/coder-preview/manifests/latest",
                "GET /token?service=ghcr.io&scope=repository:coder/coder-preview:pull",
                "HEAD /v2/coder/coder-preview/manifests/latest [Bearer " + TOKEN + "]");
        assertThat(result.toString()).doesNotContain(TOKEN);
    }

    @Test
    void bearerFlowMissingTagAndRepository() throws IOException {
        String host = ghcr("{\"token\":\"" + TOKEN + "\"}");
        RegistryClient client = client(Duration.ofSeconds(5));
        DigestResult tag = client.digest(ImageRef.parse(host + "/coder/coder-preview:nope"));
        assertThat(tag).isEqualTo(new DigestResult.Missing("MANIFEST_UNKNOWN", "manifest unknown"));
        DigestResult repo = client.digest(ImageRef.parse(host + "/coder/elsewhere:latest"));
        assertThat(repo).isEqualTo(new DigestResult.Missing("NAME_UNKNOWN", "repository name not known to registry"));
        assertThat(tag.toString() + repo).doesNotContain(TOKEN);
    }

    @Test
    void tokenRealmRefusalIsDenied() throws IOException {
        String host = ghcr(error("DENIED", "requested access to the resource is denied"));
        DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/coder/coder-preview:latest"));
        assertThat(result).isEqualTo(new DigestResult.Denied(403, "DENIED", "requested access to the resource is denied"));
    }

    @Test
    void privateRepositoryTokenIsFetchedWithBasicCredentials() throws IOException {
        RegistryCredentials user = new RegistryCredentials("coder-bot", "ghp_secretPAT123");
        int[] port = new int[1];
        String host = start(e -> {
            String auth = e.getRequestHeaders().getFirst("Authorization");
            if (e.getRequestURI().getPath().equals("/token")) {
                if (user.basicHeader().equals(auth)) reply(e, 200, "{\"access_token\":\"" + TOKEN + "\"}");
                else reply(e, 401, error("UNAUTHORIZED", "bad credentials"));
            } else if (("Bearer " + TOKEN).equals(auth)) {
                e.getResponseHeaders().set("Docker-Content-Digest", DIGEST);
                e.getResponseHeaders().set("Content-Type", INDEX);
                e.sendResponseHeaders(200, -1);
            } else {
                e.getResponseHeaders().set("Www-Authenticate", "Bearer realm=\"http://127.0.0.1:" + port[0] + "/token\",service=\"ghcr.io\"");
                reply(e, 401, error("UNAUTHORIZED", "authentication required"));
            }
        });
        port[0] = server.getAddress().getPort();
        ImageRef ref = ImageRef.parse(host + "/coder/private:latest");

        DigestResult found = withCredentials(user).digest(ref);
        assertThat(found).isEqualTo(new DigestResult.Found(DIGEST, INDEX));
        assertThat(seen).as("no scope in the challenge: ask for pull on the repository")
                .contains("GET /token?service=ghcr.io&scope=repository:coder/private:pull [" + user.basicHeader() + "]");

        RegistryCredentials wrong = new RegistryCredentials("coder-bot", "ghp_wrongPAT456");
        DigestResult denied = withCredentials(wrong).digest(ref);
        assertThat(denied).isEqualTo(new DigestResult.Denied(401, "UNAUTHORIZED", "bad credentials"));
        for (DigestResult r : List.of(found, denied)) {
            assertThat(r.toString()).doesNotContain(user.password(), wrong.password(), TOKEN);
        }
    }

    @Test
    void aTokenThatCannotGoInAHeaderIsNotSent() throws IOException {
        String host = ghcr("{\"token\":\"abc\\ndef\"}");
        DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/coder/coder-preview:latest"));
        assertThat(result).isInstanceOfSatisfying(DigestResult.Unreachable.class, u -> {
            assertThat(u.reason()).isEqualTo("unexpected-response");
            assertThat(u.detail()).doesNotContain("abc");
        });
    }

    private static RegistryClient withCredentials(RegistryCredentials c) {
        return new RegistryClient(RegistryClient.Options.defaults().withTimeout(Duration.ofSeconds(5)).withCredentials(h -> Optional.of(c)));
    }

    @Test
    void missingRegistryBinaryFailsWithTheInstallHint() {
        Assertions.assertThatThrownBy(() -> RegistryServer.onPath("no-such-registry-binary"))
                .hasMessageContaining(".ci/deps/registry.sh");
    }

    @Test
    void tooManyRequestsWithRetryAfter() throws IOException {
        String host = start(e -> {
            e.getResponseHeaders().set("Retry-After", "30");
            reply(e, 429, error("TOOMANYREQUESTS", "retry-after: 30s"));
        });
        DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/coder/coder-preview:latest"));
        assertThat(result).isInstanceOfSatisfying(DigestResult.RateLimited.class,
                r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(30)));
        assertThat(seen).as("a 429 is an answer: no retry, no extra GET").hasSize(1);
    }

    @Test
    void headWithoutDigestFallsBackToGetAndHashesTheBytes() throws IOException {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[]}";
        String host = start(e -> {
            e.getResponseHeaders().set("Content-Type", INDEX);
            reply(e, 200, e.getRequestMethod().equals("GET") ? manifest : "");
        });
        DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/a/b:latest"));
        assertThat(result).isEqualTo(new DigestResult.Found(RegistryClient.sha256(manifest.getBytes(StandardCharsets.UTF_8)), INDEX));
    }

    /** Without the registry's digest, only a manifest's bytes make one: a broken answer is not the image changing. */
    @Test
    void aBodyThatIsNotAManifestIsNoDigest() throws IOException {
        for (String body : new String[]{"{\"schemaVersion\": 2, \"manifests\": [}, oops", "{\"not\":\"a manifest\"}", "<html>proxy</html>"}) {
            String host = start(e -> reply(e, 200, e.getRequestMethod().equals("GET") ? body : ""));
            DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/a/b:latest"));
            assertThat(result).as(body).isInstanceOfSatisfying(DigestResult.Unreachable.class, u -> {
                assertThat(u.reason()).isEqualTo("unexpected-response");
                assertThat(u.detail()).contains("is not a manifest");
            });
            server.stop(0);
        }
    }

    @Test
    void serverErrorsAreRetriedTwiceThenReported() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        String host = start(e -> {
            calls.incrementAndGet();
            reply(e, 503, "");
        });
        DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/a/b:latest"));
        assertThat(result).isInstanceOfSatisfying(DigestResult.Unreachable.class, u -> assertThat(u.reason()).isEqualTo("server-error"));
        assertThat(calls).as("HEAD 1+2 retries, then GET 1+2 retries").hasValue(6);
    }

    @Test
    void serverErrorThenSuccess() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        String host = start(e -> {
            if (calls.incrementAndGet() == 1) { reply(e, 502, ""); return; }
            e.getResponseHeaders().set("Docker-Content-Digest", DIGEST);
            e.getResponseHeaders().set("Content-Type", INDEX);
            e.sendResponseHeaders(200, -1);
        });
        assertThat(client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/a/b:latest"))).isEqualTo(new DigestResult.Found(DIGEST, INDEX));
    }

    @Test
    void clientErrorsAreNotRetried() throws IOException {
        String host = start(e -> reply(e, 403, error("DENIED", "no")));
        DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/a/b:latest"));
        assertThat(result).isEqualTo(new DigestResult.Denied(403, "DENIED", "no"));
        assertThat(seen).containsExactly("HEAD /v2/a/b/manifests/latest", "GET /v2/a/b/manifests/latest");
    }

    @Test
    void basicChallengeWithoutCredentialsIsDeniedWithoutRetry() throws IOException {
        String host = start(e -> {
            e.getResponseHeaders().set("Www-Authenticate", "Basic realm=\"https://123456789012.dkr.ecr.us-east-2.amazonaws.com/\",service=\"ecr.amazonaws.com\"");
            reply(e, 401, error("UNAUTHORIZED", "Not Authorized"));
        });
        DigestResult result = client(Duration.ofSeconds(5)).digest(ImageRef.parse(host + "/coder-preview:latest"));
        assertThat(result).isInstanceOfSatisfying(DigestResult.Denied.class, d -> assertThat(d.status()).isEqualTo(401));
    }

    @Test
    void closedPortIsConnectionRefused() throws IOException {
        int port = RegistryServer.freePort();
        DigestResult result = client(Duration.ofSeconds(2)).digest(ImageRef.parse("127.0.0.1:" + port + "/a/b:latest"));
        assertThat(result).isInstanceOfSatisfying(DigestResult.Unreachable.class, u -> {
            assertThat(u.reason()).isEqualTo("connection-refused");
            assertThat(u.detail()).contains("127.0.0.1:" + port);
        });
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheTimeout() throws IOException {
        // The kernel completes the handshake from the backlog; nobody ever reads or writes.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            DigestResult result = client(Duration.ofMillis(500)).digest(ImageRef.parse("127.0.0.1:" + silent.getLocalPort() + "/a/b:latest"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(result).isInstanceOfSatisfying(DigestResult.Unreachable.class, u -> assertThat(u.reason()).isEqualTo("timeout"));
            assertThat(took).isLessThan(Duration.ofMillis(3000));
        }
    }

    @Test
    void loopbackIsPlainHttpEverythingElseHttpsUnlessInsecure() {
        RegistryClient client = new RegistryClient(RegistryClient.Options.defaults().withInsecure(Set.of("mirror.internal:5000")));
        assertThat(client.baseUrl("127.0.0.1:5000")).isEqualTo("http://127.0.0.1:5000");
        assertThat(client.baseUrl("localhost")).isEqualTo("http://localhost");
        assertThat(client.baseUrl("mirror.internal:5000")).isEqualTo("http://mirror.internal:5000");
        assertThat(client.baseUrl("ghcr.io")).isEqualTo("https://ghcr.io");
    }

    @Test
    void retryAfterAsHttpDate() {
        assertThat(RegistryClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(RegistryClient.retryAfter("soon")).isEqualTo(Optional.empty());
    }
}
