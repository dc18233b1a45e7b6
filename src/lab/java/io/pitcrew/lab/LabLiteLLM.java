package io.pitcrew.lab;

import io.javalin.Javalin;
import io.javalin.http.Context;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The LiteLLM proxy on 127.0.0.1, as much of it as pitcrew reads, with the wire shapes of platform-apis.md
 * "LiteLLM proxy": {@code /health/liveliness} and {@code /health/readiness} (open), {@code /health} (key required;
 * the real one calls every model, this one reports what the scenario says Bedrock and Vertex do). Errors are
 * LiteLLM's {@code {"error":{"message","type","param","code"}}}. A scenario changes its {@link State} while it runs.
 * The key never appears in a response or {@link #toString()}.
 */
final class LabLiteLLM implements AutoCloseable {

    static final String VERSION = "1.74.3";

    /** What the proxy and the providers behind it are doing. */
    enum State {
        HEALTHY,
        /** The proxy lost its database: readiness answers 503. */
        READINESS_FAILING,
        /** Bedrock and Vertex reject LiteLLM's credentials: /health lists them unhealthy with AuthenticationError. */
        UPSTREAM_AUTH_FAILING,
        /** Bedrock throttles LiteLLM: /health lists it unhealthy with RateLimitError. */
        UPSTREAM_RATE_LIMITED,
        /** LiteLLM's own limiter refuses the key: /health answers 429 with retry-after. */
        KEY_RATE_LIMITED
    }

    /** The models of the workshop's round-robin: Bedrock and Vertex. */
    private static final List<Map<String, String>> MODELS = List.of(
            Map.of("model", "bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0", "api_base", "https://bedrock-runtime.us-east-1.amazonaws.com"),
            Map.of("model", "vertex_ai/claude-3-5-sonnet-v2@20241022", "api_base", "https://us-east5-aiplatform.googleapis.com"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] key;
    private final byte[] expiredKey;
    private volatile State state = State.HEALTHY;
    /** The credentials secret's resourceVersion when the state was set: a write after it cures an upstream auth failure. */
    private volatile String credentialsAtFault;
    private volatile Supplier<String> credentialsVersion = () -> null;
    private final Javalin app;

    private LabLiteLLM(String key, String expiredKey) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.expiredKey = expiredKey.getBytes(StandardCharsets.UTF_8);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/health/liveliness", ctx -> json(ctx, 200, "I'm alive!"));
            config.routes.get("/health/readiness", this::readiness);
            config.routes.get("/health", this::health);
            // FastAPI's answer to a route it does not have
            config.routes.error(404, "*", ctx -> json(ctx, 404, Map.of("detail", "Not Found")));
        });
        app.start("127.0.0.1", 0);
    }

    /**
     * Starts on a free port. {@code /health} answers requests carrying {@code key}; {@code expiredKey} is a key
     * LiteLLM knows but whose expiry has passed (for tests of that answer).
     */
    static LabLiteLLM start(String key, String expiredKey) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expiredKey, "expiredKey");
        if (key.isEmpty() || expiredKey.isEmpty()) throw new IllegalArgumentException("keys must not be empty");
        return new LabLiteLLM(key, expiredKey);
    }

    /** {@code http://127.0.0.1:<port>}, what a client takes as LiteLLM's base URL. */
    String url() {
        return "http://127.0.0.1:" + app.port();
    }

    void set(State state) {
        this.state = Objects.requireNonNull(state, "state");
        this.credentialsAtFault = credentialsVersion.get();
    }

    /**
     * Makes the providers accept LiteLLM again once its credentials secret is rewritten after they started refusing
     * it ({@code pitcrew fix update-litellm-credentials}), as Bedrock does for fresh credentials.
     */
    void followCredentials(Supplier<String> resourceVersion) {
        this.credentialsVersion = Objects.requireNonNull(resourceVersion, "resourceVersion");
    }

    private State state() {
        State s = state;
        if (s == State.UPSTREAM_AUTH_FAILING) {
            String now = credentialsVersion.get();
            if (now != null && !now.equals(credentialsAtFault)) return State.HEALTHY;
        }
        return s;
    }

    /** Back to healthy, as at start. */
    void reset() {
        set(State.HEALTHY);
    }

    private void readiness(Context ctx) {
        if (state() == State.READINESS_FAILING) {
            json(ctx, 503, Map.of("detail", "Service Unhealthy (Prisma client is not connected: database unreachable)"));
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "healthy");
        m.put("db", "connected");
        m.put("cache", null);
        m.put("litellm_version", VERSION);
        m.put("success_callbacks", List.of("sync_deployment_callback_on_success"));
        m.put("last_updated", Instant.now().toString());
        json(ctx, 200, m);
    }

    private void health(Context ctx) {
        String auth = ctx.header("Authorization");
        String given = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : null;
        if (given == null) {
            error(ctx, 401, "Authentication Error, No api key passed in.", "auth_error");
            return;
        }
        byte[] g = given.getBytes(StandardCharsets.UTF_8);
        // constant-time, like any key comparison: the lab should not teach the opposite
        if (MessageDigest.isEqual(expiredKey, g)) {
            error(ctx, 400, "Authentication Error - Expired Key. Key Expiry time " + Instant.now().minusSeconds(3600)
                    + " and current time " + Instant.now(), "expired_key");
            return;
        }
        if (!MessageDigest.isEqual(key, g)) {
            // LiteLLM quotes a fragment of the key it got; pitcrew must not pass even that on
            error(ctx, 401, "Authentication Error, Invalid proxy server token passed. Received API Key = sk-..."
                    + given.substring(Math.max(0, given.length() - 4)) + ", Key Hash (Token) =" + Integer.toHexString(given.hashCode())
                    + ". Unable to find token in cache or `LiteLLM_VerificationTokenTable`", "token_not_found_in_db");
            return;
        }
        State s = state();
        if (s == State.KEY_RATE_LIMITED) {
            ctx.header("retry-after", "7");
            error(ctx, 429, "Max parallel request limit reached. Hit limit for api_key. Current limits: max_parallel_requests: 100",
                    "None");
            return;
        }
        List<Map<String, String>> healthy = new ArrayList<>();
        List<Map<String, String>> unhealthy = new ArrayList<>();
        for (Map<String, String> m : MODELS) {
            boolean bedrock = m.get("model").startsWith("bedrock/");
            String error = switch (s) {
                case UPSTREAM_AUTH_FAILING -> bedrock
                        ? "litellm.AuthenticationError: BedrockException Invalid Authentication - {\"message\":\"The security token included in the request is expired\"}"
                        : "litellm.AuthenticationError: VertexAIException - {\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"status\":\"UNAUTHENTICATED\"}}";
                case UPSTREAM_RATE_LIMITED -> bedrock
                        ? "litellm.RateLimitError: BedrockException - {\"message\":\"Too many requests, please wait before trying again.\"} (ThrottlingException)"
                        : null;
                default -> null;
            };
            if (error == null) {
                healthy.add(m);
            } else {
                Map<String, String> u = new LinkedHashMap<>(m);
                u.put("error", error);
                unhealthy.add(u);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("healthy_endpoints", healthy);
        body.put("unhealthy_endpoints", unhealthy);
        body.put("healthy_count", healthy.size());
        body.put("unhealthy_count", unhealthy.size());
        json(ctx, 200, body);
    }

    private static void error(Context ctx, int status, String message, String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("type", type);
        e.put("param", "None");
        e.put("code", String.valueOf(status));
        json(ctx, status, Map.of("error", e));
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    @Override
    public String toString() {
        return "LabLiteLLM[" + url() + ", " + state + "]";
    }

    @Override
    public void close() {
        app.stop();
    }
}
