package io.pitcrew.observe.litellm;

import io.pitcrew.observe.health.HealthProbe;
import io.pitcrew.observe.health.HealthResult;
import io.pitcrew.redact.Credentials;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Asks the LiteLLM proxy how it is (platform-apis.md "LiteLLM proxy"): {@code /health/readiness} and
 * {@code /health/liveliness} need no key; {@code /health} needs one and makes a real call to every model.
 *
 * <p>The key only ever leaves this class as the {@code Authorization: Bearer} header: answers, details and
 * {@link #toString()} carry what LiteLLM said and where we asked, never the key, and LiteLLM's own messages are
 * cleaned of anything that looks like one. Redirects are not followed, because the JDK would resend the header
 * to wherever a redirect points.
 */
public final class LiteLLMClient implements AutoCloseable {

    /** Enough of a message for a provider's error to name its cause; a stack trace is cut. */
    static final int MAX_MESSAGE = 300;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** LiteLLM keys and the fragments of them its messages quote ("sk-...abcd", "Received API Key = sk-1234"). */
    private static final Pattern KEYLIKE = Pattern.compile("sk-[A-Za-z0-9._\\-]*");

    private final URI baseUrl;
    private final Optional<String> key;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param key     sent as {@code Authorization: Bearer} to {@code /health} only; without it {@link #health()} is not asked
     * @param timeout the whole exchange per request: a LiteLLM that never answers costs this, no more
     * @param caFile  PEM file of the CA certificate(s) to trust instead of the system's
     * @throws IllegalArgumentException for a URL that is not http(s)://host, a key that could not be a header, or an
     *                                  unreadable CA file (messages never contain the key)
     */
    public LiteLLMClient(URI baseUrl, Optional<String> key, Duration timeout, Optional<Path> caFile) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.key = Objects.requireNonNull(key, "key").map(Credentials::sent);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("LiteLLM URL must be http(s)://host[:port], not " + baseUrl);
        }
        // Checked here so the JDK never rejects the header itself: its message is not ours to vet for secrets.
        if (key.isPresent() && (key.get().isEmpty() || !key.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("LiteLLM key must be non-empty printable ASCII without spaces");
        }
        String s = baseUrl.toString();
        this.baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        caFile.ifPresent(f -> builder.sslContext(HealthProbe.trusting(f)));
        this.http = builder.build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * All that one sweep asks: readiness, liveliness, and {@code /health} when there is a key, side by side so a
     * sweep waits one timeout for LiteLLM, not three.
     */
    public LiteLLMProbe probe() {
        var readiness = CompletableFuture.supplyAsync(this::readiness, Thread::startVirtualThread);
        var liveliness = CompletableFuture.supplyAsync(this::liveliness, Thread::startVirtualThread);
        var health = key.map(k -> CompletableFuture.supplyAsync(this::health, Thread::startVirtualThread));
        return new LiteLLMProbe(baseUrl.toString(), readiness.join(), liveliness.join(), health.map(CompletableFuture::join));
    }

    /** {@code GET /health/readiness} (no key): 200 {@code {"status":"healthy","db":...}}, 503 when unhealthy. */
    public LiteLLMAnswer readiness() {
        return get("/health/readiness", false, (status, body) -> {
            JsonNode n = json(body);
            List<String> parts = new ArrayList<>();
            for (String[] field : new String[][] {{"status", ""}, {"db", "db "}, {"litellm_version", "litellm "}}) {
                String v = n.path(field[0]).asString("");
                if (!v.isEmpty()) parts.add(field[1] + v);
            }
            return new LiteLLMAnswer.Up(status, clean(String.join(", ", parts)));
        });
    }

    /** {@code GET /health/liveliness} (no key): 200 {@code "I'm alive!"}. */
    public LiteLLMAnswer liveliness() {
        return get("/health/liveliness", false, (status, body) ->
                new LiteLLMAnswer.Up(status, clean(new String(body, StandardCharsets.UTF_8).strip().replace("\"", ""))));
    }

    /** {@code GET /health} with the key: every model deployment, healthy or with its provider's error. */
    public LiteLLMAnswer health() {
        if (key.isEmpty()) return new LiteLLMAnswer.Refused(401, LiteLLMAnswer.Refusal.NO_KEY, "", "pitcrew has no LiteLLM key", Optional.empty());
        return get("/health", true, (status, body) -> models(json(body)));
    }

    /** How a 2xx body becomes an answer; may throw on a body that is not the documented shape. */
    @FunctionalInterface
    private interface Success {
        LiteLLMAnswer read(int status, byte[] body);
    }

    private LiteLLMAnswer get(String path, boolean authenticated, Success success) {
        URI uri = URI.create(baseUrl + path);
        String where = " (" + uri.getAuthority() + ")";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("Accept", "application/json");
        if (authenticated) request.header("Authorization", "Bearer " + key.orElseThrow());
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers only the wait for headers; this deadline also covers a body that stalls.
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new LiteLLMAnswer.Unreachable("timeout", "no answer within the timeout" + where);
        } catch (ExecutionException e) {
            return unreachable(HealthProbe.failure(e.getCause() == null ? e : e.getCause(), where));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new LiteLLMAnswer.Unreachable("timeout", "interrupted while waiting" + where);
        }
        int status = response.statusCode();
        if (status / 100 == 3) {
            return new LiteLLMAnswer.Unreachable("unexpected-response", "HTTP " + status + " redirect" + where + ", not followed");
        }
        if (status / 100 != 2) return refused(status, response.body(), response.headers().firstValue("retry-after"));
        try {
            return success.read(status, response.body());
        } catch (JacksonException | IllegalStateException e) {
            return new LiteLLMAnswer.Unreachable("unexpected-response", "the answer of " + path + where + " is not the documented JSON");
        }
    }

    private LiteLLMAnswer.Models models(JsonNode n) {
        if (!n.path("healthy_endpoints").isArray() && !n.path("unhealthy_endpoints").isArray()) {
            throw new IllegalStateException("no healthy_endpoints or unhealthy_endpoints");
        }
        return new LiteLLMAnswer.Models(endpoints(n.path("healthy_endpoints")), endpoints(n.path("unhealthy_endpoints")));
    }

    private List<LiteLLMAnswer.ModelEndpoint> endpoints(JsonNode array) {
        List<LiteLLMAnswer.ModelEndpoint> out = new ArrayList<>();
        for (JsonNode e : array) {
            out.add(new LiteLLMAnswer.ModelEndpoint(e.path("model").asString(""), e.path("api_base").asString(""),
                    clean(e.path("error").asString(""))));
        }
        return out;
    }

    /** LiteLLM's error body read into a refusal; FastAPI's own errors (404, 503) say {@code {"detail": ...}}. */
    LiteLLMAnswer.Refused refused(int status, byte[] body, Optional<String> retryAfter) {
        String type = "";
        String message = "";
        try {
            JsonNode n = json(body);
            JsonNode error = n.path("error");
            type = error.path("type").asString("");
            message = error.path("message").asString(n.path("detail").isString() ? n.path("detail").asString("") : "");
        } catch (JacksonException | IllegalStateException e) {
            message = new String(body, StandardCharsets.UTF_8).strip();
        }
        message = clean(message);
        String lower = (type + " " + message).toLowerCase(Locale.ROOT);
        LiteLLMAnswer.Refusal refusal;
        if (type.equals("expired_key") || lower.contains("expired key")) refusal = LiteLLMAnswer.Refusal.EXPIRED_KEY;
        else if (status == 429 || type.equals("throttling_error")) refusal = LiteLLMAnswer.Refusal.RATE_LIMITED;
        else if (type.equals("token_not_found_in_db") || lower.contains("invalid proxy server token")) refusal = LiteLLMAnswer.Refusal.INVALID_KEY;
        else if (status == 401) refusal = LiteLLMAnswer.Refusal.NO_KEY;
        else if (status == 404) refusal = LiteLLMAnswer.Refusal.NOT_FOUND;
        else if (status == 503) refusal = LiteLLMAnswer.Refusal.UNAVAILABLE;
        else refusal = LiteLLMAnswer.Refusal.OTHER;
        return new LiteLLMAnswer.Refused(status, refusal, type, message, retryAfter.flatMap(LiteLLMClient::seconds));
    }

    private static Optional<Duration> seconds(String header) {
        try {
            long s = Long.parseLong(header.strip());
            return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP-date: rare, and the status already says "rate limited"
        }
    }

    private static JsonNode json(byte[] body) {
        JsonNode n = JSON.readTree(body);
        if (n == null || n.isMissingNode()) throw new IllegalStateException("empty body");
        return n;
    }

    /** One line, at most {@link #MAX_MESSAGE} characters, without the key or anything shaped like one. */
    String clean(String message) {
        String s = message == null ? "" : message;
        if (key.isPresent()) s = s.replace(key.get(), "sk-…");
        s = KEYLIKE.matcher(Credentials.scrub(s)).replaceAll("sk-…");
        int nl = s.indexOf('\n');
        if (nl >= 0) s = s.substring(0, nl);
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "..." : s;
    }

    private static LiteLLMAnswer.Unreachable unreachable(HealthResult failure) {
        return switch (failure) {
            case HealthResult.TlsError t -> new LiteLLMAnswer.Unreachable("tls", t.detail());
            case HealthResult.Unreachable u -> new LiteLLMAnswer.Unreachable(u.reason(), u.detail());
            case HealthResult.Healthy h -> new LiteLLMAnswer.Unreachable("io", "HTTP " + h.status());
            case HealthResult.Unhealthy u -> new LiteLLMAnswer.Unreachable("io", "HTTP " + u.status());
        };
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    @Override
    public String toString() {
        return "LiteLLMClient[" + baseUrl + ", " + (key.isPresent() ? "with" : "without") + " key, timeout " + timeout + "]";
    }
}
