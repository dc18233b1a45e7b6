package io.pitcrew.server;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** HTTP calls to a started serve, as a script (bearer) or a browser (cookie, CSRF header, Origin) would make them. */
public final class ApiClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** What came back; the body is read whole except for event streams, which are closed after the headers. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;

    public ApiClient(int port) {
        this.port = port;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(150));
    }

    public Answer send(String method, String path, String bearer, String body) {
        HttpRequest.Builder r = request(path);
        if (bearer != null) r.header("Authorization", "Bearer " + bearer);
        return send(r, method, body);
    }

    public Answer get(String path, String bearer) {
        return send("GET", path, bearer, null);
    }

    public Answer post(String path, String bearer, String body) {
        return send("POST", path, bearer, body);
    }

    public Answer send(HttpRequest.Builder r, String method, String body) {
        if (body != null) r.header("Content-Type", "application/json");
        r.header("Accept", path(r).endsWith("/api/stream") ? "text/event-stream" : "application/json");
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<InputStream> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
            Map<String, String> headers = new LinkedHashMap<>();
            resp.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join("; ", v)));
            String text;
            try (InputStream in = resp.body()) {
                boolean stream = headers.getOrDefault("content-type", "").startsWith("text/event-stream");
                text = stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(resp.statusCode(), headers, text);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + r.build().uri() + ": " + e, e);
        }
    }

    private static String path(HttpRequest.Builder r) {
        return r.copy().build().uri().getPath();
    }

    /** Logs in through the form; the session cookie and its CSRF token. */
    public Session login(String token) {
        HttpRequest.Builder r = request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 303) throw new IllegalStateException("login: " + resp.statusCode() + " " + resp.body());
            String setCookie = resp.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            Answer who = send(request("/api/session").header("Cookie", cookie), "GET", null);
            return new Session(cookie, setCookie, who.json().path("csrf").asString());
        } catch (Exception e) {
            throw new IllegalStateException("login: " + e, e);
        }
    }

    public record Session(String cookie, String setCookie, String csrf) {}

    /** A request as the browser holding {@code s} sends it; {@code csrf} and {@code origin} may be null. */
    public Answer asBrowser(Session s, String method, String path, String body, String csrf, String origin) {
        HttpRequest.Builder r = request(path).header("Cookie", s.cookie());
        if (csrf != null) r.header("X-CSRF-Token", csrf);
        if (origin != null) r.header("Origin", origin);
        return send(r, method, body);
    }
}
