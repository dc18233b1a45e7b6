package io.pitcrew.lab;

import io.javalin.Javalin;
import io.javalin.http.Context;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * coderd's REST API on 127.0.0.1, as much of it as pitcrew reads: {@code /api/v2/workspaceproxies}, an
 * organization's {@code provisionerdaemons} and {@code provisionerjobs}, {@code /api/v2/workspaces} (session token
 * required), {@code /healthz} and {@code /api/v2/buildinfo} (open); other API routes get coderd's 404. Wire shapes follow platform-apis.md "Coder".
 * A scenario turns a region unhealthy with {@link #setProxy} while it runs. The token never appears in a response
 * or {@link #toString()}.
 */
final class LabCoderApi implements AutoCloseable {

    static final String SIGNED_OUT =
            "You are signed out or your session has expired. Please sign in again to continue.";
    static final String VERSION = "v2.26.0-devel+3a1f2e9c";
    static final String ORGANIZATION_ID = "0f3a8c1e-7b2d-4e5f-9a6b-c0de0000d3fa";
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
    /** Daemons, jobs and builds; guarded by {@link #lock}. */
    private CoderProvisioning provisioning = new CoderProvisioning(List.of(), List.of(), List.of());
    private final Javalin app;

    private LabCoderApi(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        reset();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/healthz", ctx -> ctx.contentType("text/plain").result("OK"));
            config.routes.get("/api/v2/buildinfo", this::buildInfo);
            config.routes.get("/api/v2/workspaceproxies", this::workspaceProxies);
            config.routes.get("/api/v2/organizations/{organization}/provisionerdaemons", this::provisionerDaemons);
            config.routes.get("/api/v2/organizations/{organization}/provisionerjobs", this::provisionerJobs);
            config.routes.get("/api/v2/workspaces", this::workspaces);
            config.routes.get("/api/v2/debug/health", this::debugHealth);
            // coderd's answer to a route it does not have, e.g. the runbook's /api/v2/provisioners; added last, so
            // every route above matches first
            config.routes.get("/api/*", ctx -> json(ctx, 404, Map.of("message", "Route not found.")));
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

    /** Replaces what coderd knows about provisioning (a scenario's or the healthy state). */
    void setProvisioning(CoderProvisioning state) {
        Objects.requireNonNull(state, "state");
        synchronized (lock) {
            provisioning = state;
        }
    }

    /** The provisioner pods running in the control plane now; empty means no cluster to follow (tests). */
    private volatile Supplier<Set<String>> provisionerPods = () -> null;

    /** Makes coderd follow the control plane's provisioner pods (see {@link CoderProvisioning#following}). */
    void followProvisionerPods(Supplier<Set<String>> pods) {
        this.provisionerPods = Objects.requireNonNull(pods, "pods");
    }

    private CoderProvisioning provisioning() {
        CoderProvisioning state;
        synchronized (lock) {
            state = provisioning;
        }
        Set<String> pods = provisionerPods.get();
        return pods == null ? state : state.following(pods, Instant.now());
    }

    /** True when the request carries the session token; else answers 401 as coderd does. */
    private boolean signedIn(Context ctx) {
        String given = ctx.header("Coder-Session-Token");
        // constant-time, like any token comparison: the lab should not teach the opposite
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            json(ctx, 401, Map.of("message", SIGNED_OUT));
            return false;
        }
        return true;
    }

    /** coderd's 404 for an organization the token cannot see (it does not say which). */
    private boolean knownOrganization(Context ctx) {
        String org = ctx.pathParam("organization");
        if (org.equals(CoderProvisioning.ORGANIZATION) || org.equals(ORGANIZATION_ID)) return true;
        json(ctx, 404, Map.of("message", "Resource not found or you do not have access to this resource"));
        return false;
    }

    private void provisionerDaemons(Context ctx) {
        if (!signedIn(ctx) || !knownOrganization(ctx)) return;
        Instant now = Instant.now();
        List<Map<String, Object>> out = new ArrayList<>();
        for (CoderProvisioning.Daemon d : provisioning().daemons()) {
            Instant seen = d.lastSeen() != null ? d.lastSeen() : now.minusSeconds(5 + Math.floorMod(d.name().hashCode(), 40));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("organization_id", ORGANIZATION_ID);
            m.put("key_id", "00000000-0000-0000-0000-000000000001");
            m.put("created_at", seen.minus(Duration.ofHours(26)).toString());
            m.put("last_seen_at", seen.toString());
            m.put("name", d.name());
            m.put("version", VERSION);
            m.put("api_version", "1.6");
            m.put("provisioners", List.of("terraform"));
            m.put("tags", d.tags());
            m.put("key_name", "built-in");
            m.put("status", d.status());
            m.put("current_job", d.currentJob() == null ? null : Map.of("id", d.currentJob(), "status", "running",
                    "template_name", d.currentTemplate(), "template_icon", "/icon/k8s.png", "template_display_name", d.currentTemplate()));
            m.put("previous_job", null);
            out.add(m);
        }
        json(ctx, 200, out);
    }

    private void provisionerJobs(Context ctx) {
        if (!signedIn(ctx) || !knownOrganization(ctx)) return;
        String status = ctx.queryParam("status");
        CoderProvisioning state = provisioning();
        List<Map<String, Object>> out = new ArrayList<>();
        // the lab's jobs are all pending; asked for another status, coderd would list other jobs
        if (status == null || status.equals("pending")) {
            for (CoderProvisioning.Job j : state.jobs()) {
                List<String> workers = state.daemons().stream().filter(d -> j.workers().contains(d.name()))
                        .map(CoderProvisioning.Daemon::id).toList();
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("template_version_name", "v12");
                metadata.put("template_id", CoderProvisioning.id("template-" + j.template()));
                metadata.put("template_name", j.template());
                metadata.put("template_display_name", j.template());
                metadata.put("template_icon", "/icon/k8s.png");
                metadata.put("workspace_id", CoderProvisioning.id("workspace-" + j.workspace()));
                metadata.put("workspace_name", j.workspace());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", j.id());
                m.put("created_at", j.created().toString());
                m.put("started_at", null);
                m.put("completed_at", null);
                m.put("error", "");
                m.put("status", "pending");
                m.put("worker_id", null);
                m.put("file_id", CoderProvisioning.id("file-" + j.template()));
                m.put("tags", Map.of("scope", "organization", "owner", "", "pool", j.pool()));
                m.put("queue_position", j.queuePosition());
                m.put("queue_size", j.queueSize());
                m.put("organization_id", ORGANIZATION_ID);
                m.put("input", Map.of("workspace_build_id", CoderProvisioning.id("build-" + j.id())));
                m.put("type", "workspace_build");
                m.put("available_workers", workers);
                m.put("metadata", metadata);
                m.put("logs_overflowed", false);
                out.add(m);
            }
        }
        json(ctx, 200, out);
    }

    /** {@code GET /api/v2/workspaces?q=status:<s>}: the lab knows only the builds its provisioning state lists. */
    private void workspaces(Context ctx) {
        if (!signedIn(ctx)) return;
        String q = ctx.queryParam("q");
        String status = null;
        if (q != null && !q.isBlank()) {
            if (!q.startsWith("status:")) {
                json(ctx, 400, Map.of("message", "Invalid workspace search query.", "validations",
                        List.of(Map.of("field", "q", "detail", "the lab understands only status:<status>"))));
                return;
            }
            status = q.substring("status:".length());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (CoderProvisioning.Build b : provisioning().builds()) {
            if (status != null && !status.equals(b.status())) continue;
            String workspaceId = CoderProvisioning.id("workspace-" + b.workspace());
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("id", CoderProvisioning.id("job-" + b.workspace()));
            job.put("created_at", b.created().toString());
            job.put("started_at", b.status().equals("starting") ? b.created().plusSeconds(2).toString() : null);
            job.put("status", b.status().equals("pending") ? "pending" : "running");
            job.put("error", "");
            job.put("queue_position", b.queuePosition());
            job.put("queue_size", b.queuePosition());
            Map<String, Object> matched = new LinkedHashMap<>();
            matched.put("count", b.matched());
            matched.put("available", b.matched());
            matched.put("most_recently_seen", b.matched() == 0 ? null : Instant.now().minusSeconds(12).toString());
            Map<String, Object> build = new LinkedHashMap<>();
            build.put("id", CoderProvisioning.id("build-" + b.workspace()));
            build.put("created_at", b.created().toString());
            build.put("updated_at", b.created().toString());
            build.put("workspace_id", workspaceId);
            build.put("workspace_name", b.workspace());
            build.put("workspace_owner_name", b.owner());
            build.put("build_number", 3);
            build.put("transition", "start");
            build.put("initiator_name", b.owner());
            build.put("job", job);
            build.put("status", b.status());
            build.put("matched_provisioners", matched);
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("id", workspaceId);
            w.put("created_at", b.created().minus(Duration.ofDays(1)).toString());
            w.put("owner_name", b.owner());
            w.put("organization_id", ORGANIZATION_ID);
            w.put("template_name", b.template());
            w.put("latest_build", build);
            w.put("name", b.workspace());
            w.put("health", Map.of("healthy", true, "failing_agents", List.of()));
            w.put("outdated", false);
            out.add(w);
        }
        json(ctx, 200, Map.of("workspaces", out, "count", out.size()));
    }

    /** The health report's sections pitcrew reads; the lab's token is an owner's, so it may read it. */
    private void debugHealth(Context ctx) {
        if (!signedIn(ctx)) return;
        long online = provisioning().daemons().stream().filter(d -> !"offline".equals(d.status())).count();
        List<Map<String, String>> warnings = online == 0
                ? List.of(Map.of("code", "EPD01", "message", "No active provisioner daemons found!")) : List.of();
        String severity = online == 0 ? "error" : "ok";
        Map<String, Object> daemons = new LinkedHashMap<>();
        daemons.put("healthy", online > 0);
        daemons.put("severity", severity);
        daemons.put("warnings", warnings);
        daemons.put("dismissed", false);
        daemons.put("items", List.of());
        Map<String, Object> ok = Map.of("healthy", true, "severity", "ok", "warnings", List.of(), "dismissed", false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("healthy", online > 0);
        m.put("severity", severity);
        m.put("coder_version", VERSION);
        m.put("access_url", ok);
        m.put("database", ok);
        m.put("derp", ok);
        m.put("websocket", ok);
        m.put("workspace_proxy", ok);
        m.put("provisioner_daemons", daemons);
        json(ctx, 200, m);
    }

    private void workspaceProxies(Context ctx) {
        if (!signedIn(ctx)) return;
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
