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
import java.util.Set;
import java.util.UUID;

/**
 * coderd's REST API on 127.0.0.1, as much of it as pitcrew reads: {@code /api/v2/workspaceproxies} (session token
 * required), {@code /healthz} and {@code /api/v2/buildinfo} (open). Wire shapes follow platform-apis.md "Coder".
 * A scenario turns a region unhealthy with {@link #setProxy} while it runs. The token never appears in a response
 * or {@link #toString()}.
 */
final class LabCoderApi implements AutoCloseable {

    static final String SIGNED_OUT =
            "You are signed out or your session has expired. Please sign in again to continue.";
    static final String VERSION = "v2.26.0-devel+3a1f2e9c";
    private static final Set<String> STATUSES = Set.of("ok", "unreachable", "unhealthy", "unregistered");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What coderd knows about one region; the id is stable so repeated reads look like one deployment. */
    private record Region(String id, String name, String displayName, String pathAppUrl, String wildcardHostname,
                          boolean healthy, String status, List<String> errors) {
        Region with(boolean healthy, String status, List<String> errors) {
            return new Region(id, name, displayName, pathAppUrl, wildcardHostname, healthy, status, List.copyOf(errors));
        }
    }

    private static final List<Region> INITIAL = List.of(
            region("primary", "Default", "https://ai.coder.com", "*.ai.coder.com"),
            region("oregon", "Oregon", "https://oregon-proxy.ai.coder.com", "*.oregon-proxy.ai.coder.com"),
            region("emea", "EMEA", "https://emea-proxy.ai.coder.com", "*.emea-proxy.ai.coder.com"));

    private final byte[] token;
    private final Object lock = new Object();
    /** name -> region, in coderd's order (primary first); guarded by {@link #lock}. */
    private final Map<String, Region> regions = new LinkedHashMap<>();
    private final Javalin app;

    private LabCoderApi(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        reset();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/healthz", ctx -> ctx.contentType("text/plain").result("OK"));
            config.routes.get("/api/v2/buildinfo", this::buildInfo);
            config.routes.get("/api/v2/workspaceproxies", this::workspaceProxies);
        });
        app.start("127.0.0.1", 0);
    }

    /** Starts on a free port; {@code /api/v2/workspaceproxies} answers only requests carrying this session token. */
    static LabCoderApi start(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) throw new IllegalArgumentException("a session token must not be empty");
        return new LabCoderApi(token);
    }

    /** {@code http://127.0.0.1:<port>}, what a client takes as Coder's access URL. */
    String url() {
        return "http://127.0.0.1:" + app.port();
    }

    /** Sets what coderd reports for a region (primary included); status is one of Coder's four. */
    void setProxy(String name, boolean healthy, String status, List<String> errors) {
        if (!STATUSES.contains(status)) throw new IllegalArgumentException("status must be one of " + STATUSES + ", not " + status);
        Objects.requireNonNull(errors, "errors");
        synchronized (lock) {
            Region r = regions.get(name);
            if (r == null) throw new IllegalArgumentException("no region " + name + "; known: " + regions.keySet());
            regions.put(name, r.with(healthy, status, errors));
        }
    }

    /** Back to three healthy regions, as at start. */
    void reset() {
        synchronized (lock) {
            regions.clear();
            for (Region r : INITIAL) regions.put(r.name(), r);
        }
    }

    private void workspaceProxies(Context ctx) {
        String given = ctx.header("Coder-Session-Token");
        // constant-time, like any token comparison: the lab should not teach the opposite
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            json(ctx, 401, Map.of("message", SIGNED_OUT));
            return;
        }
        List<Region> snapshot;
        synchronized (lock) {
            snapshot = new ArrayList<>(regions.values());
        }
        String checkedAt = Instant.now().toString();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Region r : snapshot) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("errors", r.errors());
            report.put("warnings", List.of());
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("status", r.status());
            status.put("report", report);
            status.put("checked_at", checkedAt);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("name", r.name());
            m.put("display_name", r.displayName());
            m.put("icon_url", "/emojis/1f30e.png");
            m.put("healthy", r.healthy());
            m.put("path_app_url", r.pathAppUrl());
            m.put("wildcard_hostname", r.wildcardHostname());
            m.put("derp_enabled", true);
            m.put("derp_only", false);
            m.put("status", status);
            m.put("deleted", false);
            m.put("version", VERSION);
            out.add(m);
        }
        json(ctx, 200, Map.of("regions", out));
    }

    private void buildInfo(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("external_url", "https://github.com/coder/coder/commit/3a1f2e9c");
        m.put("version", VERSION);
        m.put("dashboard_url", "https://ai.coder.com");
        m.put("workspace_proxy", false);
        m.put("agent_api_version", "2.5");
        m.put("provisioner_api_version", "1.6");
        m.put("deployment_id", "4b1c6a7e-0d5f-4c1e-9a3b-0000000c0de0");
        json(ctx, 200, m);
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private static Region region(String name, String displayName, String pathAppUrl, String wildcard) {
        String id = UUID.nameUUIDFromBytes(("lab-coder-region-" + name).getBytes(StandardCharsets.UTF_8)).toString();
        return new Region(id, name, displayName, pathAppUrl, wildcard, true, "ok", List.of());
    }

    @Override
    public String toString() {
        return "LabCoderApi[" + url() + "]";
    }

    @Override
    public void close() {
        app.stop();
    }
}
