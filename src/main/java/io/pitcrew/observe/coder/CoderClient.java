package io.pitcrew.observe.coder;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import io.pitcrew.observe.health.TlsFailure;
import io.pitcrew.redact.Credentials;

import java.util.function.Function;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Asks coderd's REST API (platform-apis.md "Coder") what it knows about its regions.
 *
 * <p>The session token only ever leaves this class as the {@code Coder-Session-Token} request header: results,
 * details and {@link #toString()} carry what coderd said and where we asked, never the token. Redirects are not
 * followed, because the JDK would resend the header to wherever a redirect points.
 */
public final class CoderClient {

    static final String TOKEN_HEADER = "Coder-Session-Token";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI baseUrl;
    private final String sessionToken;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param baseUrl      coderd's access URL, e.g. {@code https://ai.coder.com}; plain http is allowed for tests and the lab
     * @param sessionToken sent as {@code Coder-Session-Token}
     * @param timeout      connect and response, per request: a coderd that never answers costs this, no more
     */
    public CoderClient(URI baseUrl, String sessionToken, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = baseUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("Coder URL must be http(s)://host[:port], not " + baseUrl);
        }
        // Checked here so the JDK never rejects the header itself: its message is not ours to vet for secrets.
        if (sessionToken.isEmpty() || !sessionToken.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("Coder session token must be non-empty printable ASCII without spaces");
        }
        String s = baseUrl.toString();
        this.baseUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.sessionToken = Credentials.sent(sessionToken);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code GET /api/v2/workspaceproxies}: every region, primary first, with coderd's health verdict for each. */
    public CoderAnswer<List<WorkspaceProxy>> workspaceProxies() {
        return get("/api/v2/workspaceproxies", CoderClient::regions);
    }

    /** {@code GET /api/v2/organizations/{org}/provisionerdaemons}: every daemon coderd knows, online or not. */
    public CoderAnswer<List<ProvisionerDaemon>> provisionerDaemons(String organization) {
        return get("/api/v2/organizations/" + segment(organization) + "/provisionerdaemons",
                body -> array(body, CoderClient::daemon));
    }

    /** {@code GET /api/v2/organizations/{org}/provisionerjobs?status=pending}: the jobs waiting for a daemon. */
    public CoderAnswer<List<ProvisionerJob>> pendingJobs(String organization) {
        return get("/api/v2/organizations/" + segment(organization) + "/provisionerjobs?status=pending&limit=500",
                body -> array(body, CoderClient::job));
    }

    /**
     * {@code GET /api/v2/workspaces?q=status:<status>} for each status given: the workspaces whose latest build is
     * in it. The first status that fails decides the answer, since half a list would hide stuck builds.
     */
    public CoderAnswer<List<WorkspaceBuild>> workspaceBuilds(List<String> statuses) {
        List<WorkspaceBuild> out = new ArrayList<>();
        for (String status : statuses) {
            CoderAnswer<List<WorkspaceBuild>> answer = get("/api/v2/workspaces?limit=500&q="
                    + URLEncoder.encode("status:" + status, StandardCharsets.UTF_8), CoderClient::workspaces);
            if (!(answer instanceof CoderAnswer.Answered<List<WorkspaceBuild>> a)) return answer;
            out.addAll(a.value());
        }
        return new CoderAnswer.Answered<>(List.copyOf(out));
    }

    /**
     * {@code GET /api/v2/debug/health}: coderd's own verdict on its provisioner daemons. Owners only: other tokens
     * get 403, which is expected and not a failure of the sweep.
     */
    public CoderAnswer<DeploymentHealth> deploymentHealth() {
        return get("/api/v2/debug/health", body -> {
            JsonNode section = body.path("provisioner_daemons");
            if (!section.isObject()) throw new Unexpected("no \"provisioner_daemons\" section");
            List<DeploymentHealth.Warning> warnings = new ArrayList<>();
            for (JsonNode w : section.path("warnings")) {
                warnings.add(new DeploymentHealth.Warning(w.path("code").asString(""), w.path("message").asString("")));
            }
            return new DeploymentHealth(section.path("severity").asString(""), warnings);
        });
    }

    /** A GET with the session token; {@code parse} turns a 200 body into the value or throws {@link Unexpected}. */
    private <T> CoderAnswer<T> get(String pathAndQuery, Parser<T> parse) {
        URI uri = URI.create(baseUrl + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/json")
                .header(TOKEN_HEADER, sessionToken)
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return unreachable(e, uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CoderAnswer.Unreachable<>("timeout", "interrupted while asking " + uri.getAuthority());
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                return new CoderAnswer.Answered<>(parse.parse(JSON.readTree(response.body())));
            } catch (JacksonException e) {
                return new CoderAnswer.Unreachable<>("unexpected-response", "body from " + uri.getAuthority() + uri.getPath() + " is not JSON");
            } catch (Unexpected e) {
                return new CoderAnswer.Unreachable<>("unexpected-response", e.getMessage() + " in the answer from "
                        + uri.getAuthority() + uri.getPath());
            }
        }
        ErrorBody error = ErrorBody.of(response.body());
        if (status == 401 || status == 403 || status == 404) {
            return new CoderAnswer.Rejected<>(status, error.messageOr("HTTP " + status + " from " + uri.getAuthority() + uri.getPath()));
        }
        if (status == 429) {
            String after = response.headers().firstValue("Retry-After").filter(v -> v.strip().matches("\\d{1,6}"))
                    .map(v -> ", retry after " + v.strip() + " s").orElse("");
            return new CoderAnswer.Unreachable<>("rate-limited", "HTTP 429 from " + uri.getAuthority() + uri.getPath()
                    + ": coderd is limiting pitcrew's requests" + after);
        }
        return new CoderAnswer.Unreachable<>(status >= 500 ? "server-error" : "unexpected-response",
                "HTTP " + status + " from " + uri.getAuthority() + uri.getPath() + error.suffix());
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(JsonNode body) throws Unexpected;
    }

    /** The body is JSON but not the documented shape. */
    private static final class Unexpected extends Exception {
        Unexpected(String message) {
            super(message, null, false, false);
        }
    }

    private static List<WorkspaceProxy> regions(JsonNode body) throws Unexpected {
        JsonNode regions = body.path("regions");
        if (!regions.isArray()) throw new Unexpected("no \"regions\" array");
        List<WorkspaceProxy> out = new ArrayList<>();
        for (JsonNode r : regions) {
            JsonNode status = r.path("status");
            JsonNode report = status.path("report");
            out.add(new WorkspaceProxy(
                    r.path("name").asString(""),
                    r.path("display_name").asString(""),
                    r.path("healthy").asBoolean(false),
                    status.path("status").asString(""),
                    r.path("path_app_url").asString(""),
                    r.path("wildcard_hostname").asString(""),
                    strings(report.path("errors")),
                    strings(report.path("warnings")),
                    r.path("version").asString("")));
        }
        return List.copyOf(out);
    }

    private static ProvisionerDaemon daemon(JsonNode d) {
        JsonNode job = d.path("current_job");
        ProvisionerDaemon.Job current = job.isObject() && !job.path("id").asString("").isEmpty()
                ? new ProvisionerDaemon.Job(job.path("id").asString(""), job.path("status").asString(""),
                        job.path("template_name").asString(""))
                : null;
        return new ProvisionerDaemon(d.path("id").asString(""), d.path("name").asString(""), d.path("version").asString(""),
                stringMap(d.path("tags")), d.path("status").asString(""), time(d.path("last_seen_at")), current);
    }

    private static ProvisionerJob job(JsonNode j) {
        JsonNode metadata = j.path("metadata");
        return new ProvisionerJob(j.path("id").asString(""), time(j.path("created_at")), j.path("status").asString(""),
                j.path("queue_position").asInt(0), j.path("queue_size").asInt(0), j.path("type").asString(""),
                stringMap(j.path("tags")), j.path("available_workers").size(),
                metadata.path("workspace_name").asString(""), metadata.path("template_name").asString(""));
    }

    private static List<WorkspaceBuild> workspaces(JsonNode body) throws Unexpected {
        JsonNode list = body.path("workspaces");
        if (!list.isArray()) throw new Unexpected("no \"workspaces\" array");
        List<WorkspaceBuild> out = new ArrayList<>();
        for (JsonNode w : list) {
            JsonNode build = w.path("latest_build");
            JsonNode job = build.path("job");
            JsonNode matched = build.path("matched_provisioners");
            out.add(new WorkspaceBuild(w.path("name").asString(""), w.path("owner_name").asString(""),
                    w.path("template_name").asString(""), build.path("status").asString(""),
                    build.path("transition").asString(""), time(build.path("created_at")), job.path("status").asString(""),
                    job.path("queue_position").asInt(0), matched.isObject() ? matched.path("count").asInt(-1) : -1));
        }
        return List.copyOf(out);
    }

    private static <T> List<T> array(JsonNode body, Function<JsonNode, T> each) throws Unexpected {
        // coderd answers an empty list as [] but some proxies in front of it turn that into null
        if (body.isNull()) return List.of();
        if (!body.isArray()) throw new Unexpected("expected a JSON array");
        List<T> out = new ArrayList<>();
        for (JsonNode n : body) out.add(each.apply(n));
        return List.copyOf(out);
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object.isObject()) object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString("")));
        return out;
    }

    /** Coder's RFC 3339 times; its zero time ("0001-01-01T00:00:00Z") and null mean never. */
    static Instant time(JsonNode n) {
        String s = n.asString("");
        if (s.isEmpty() || s.startsWith("0001-01-01")) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An organization name or id as one path segment; anything else would let config change the route. */
    private static String segment(String organization) {
        if (organization == null || !organization.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("organization must be a name or id of letters, digits, '-' and '_', not " + organization);
        }
        return organization;
    }

    /** Coder sends {@code null} rather than {@code []} for an empty report list; both are no lines. */
    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asString(""));
        return out;
    }

    static <T> CoderAnswer.Unreachable<T> unreachable(Throwable error, URI uri) {
        String where = " (" + uri.getAuthority() + ")";
        for (Throwable t = error; t != null; t = t.getCause()) {
            // HttpConnectTimeoutException is a subclass: a connect timeout is a timeout too
            if (t instanceof HttpTimeoutException) {
                return new CoderAnswer.Unreachable<>("timeout", "no answer within the timeout" + where);
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new CoderAnswer.Unreachable<>("connection-refused", "unknown host" + where);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new CoderAnswer.Unreachable<>("connection-refused", "connection refused" + where);
            }
            if (t instanceof SSLException) {
                return new CoderAnswer.Unreachable<>("tls", Credentials.excerpt(TlsFailure.describe(t), 300) + where);
            }
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new CoderAnswer.Unreachable<>("io", Credentials.excerpt(message, 300) + where);
    }

    @Override
    public String toString() {
        return "CoderClient[" + baseUrl + ", timeout " + timeout + "]";
    }

    /** Coder's error body {@code {"message","detail","validations"}}; either field may be missing. */
    record ErrorBody(String message, String detail) {
        static ErrorBody of(byte[] body) {
            if (body == null || body.length == 0) return new ErrorBody(null, null);
            try {
                JsonNode n = JSON.readTree(body);
                // a gateway in front of coderd may put anything here, the request's own headers included
                String message = Credentials.excerpt(n.path("message").asString(""), 300);
                String detail = Credentials.excerpt(n.path("detail").asString(""), 300);
                return new ErrorBody(message.isEmpty() ? null : message, detail.isEmpty() ? null : detail);
            } catch (JacksonException e) {
                return new ErrorBody(null, null);
            }
        }

        String messageOr(String fallback) {
            return message != null ? message : fallback;
        }

        String suffix() {
            if (message == null) return "";
            return ": " + message + (detail == null ? "" : " (" + detail + ")");
        }
    }
}
