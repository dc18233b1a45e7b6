package io.pitcrew.observe.coder;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        this.sessionToken = sessionToken;
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
    public ProxiesResult workspaceProxies() {
        URI uri = URI.create(baseUrl + "/api/v2/workspaceproxies");
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
            return new ProxiesResult.Unreachable("timeout", "interrupted while asking " + uri.getAuthority());
        }
        int status = response.statusCode();
        if (status == 200) return parseRegions(response.body(), uri);
        ErrorBody error = ErrorBody.of(response.body());
        if (status == 401 || status == 403 || status == 404) {
            return new ProxiesResult.Rejected(status, error.messageOr("HTTP " + status + " from " + uri.getAuthority()));
        }
        return new ProxiesResult.Unreachable(status >= 500 ? "server-error" : "unexpected-response",
                "HTTP " + status + " from " + uri.getAuthority() + error.suffix());
    }

    private static ProxiesResult parseRegions(byte[] body, URI uri) {
        JsonNode regions;
        try {
            regions = JSON.readTree(body).path("regions");
        } catch (JacksonException e) {
            return new ProxiesResult.Unreachable("unexpected-response", "body from " + uri.getAuthority() + " is not JSON");
        }
        if (!regions.isArray()) {
            return new ProxiesResult.Unreachable("unexpected-response", "no \"regions\" array in the answer from " + uri.getAuthority());
        }
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
        return new ProxiesResult.Proxies(out);
    }

    /** Coder sends {@code null} rather than {@code []} for an empty report list; both are no lines. */
    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asString(""));
        return out;
    }

    static ProxiesResult.Unreachable unreachable(Throwable error, URI uri) {
        String where = " (" + uri.getAuthority() + ")";
        for (Throwable t = error; t != null; t = t.getCause()) {
            // HttpConnectTimeoutException is a subclass: a connect timeout is a timeout too
            if (t instanceof HttpTimeoutException) {
                return new ProxiesResult.Unreachable("timeout", "no answer within the timeout" + where);
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new ProxiesResult.Unreachable("connection-refused", "unknown host" + where);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new ProxiesResult.Unreachable("connection-refused", "connection refused" + where);
            }
            if (t instanceof SSLException) {
                return new ProxiesResult.Unreachable("tls", firstLine(t.getMessage()) + where);
            }
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new ProxiesResult.Unreachable("io", firstLine(message) + where);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
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
                String message = n.path("message").asString("");
                String detail = n.path("detail").asString("");
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
