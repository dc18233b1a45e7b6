package io.pitcrew.server.access;

import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.server.ApiClient;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.server.http.Html;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, over HTTP against a started serve: every /api route with no token and with each role (the table
 * must list every registered route, so a new route without a row fails), sessions and CSRF, Origin, the login rate limit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeAccessTest {

    @TempDir
    static Path dir;
    static Lab lab;
    static Serve serve;
    static Store store;
    static ApiClient api;
    static final Map<Role, String> TOKEN = new EnumMap<>(Role.class);

    /** One endpoint: how to call it and the least role it needs. Bodies are empty objects: allowed callers get a 4xx about the body, never a change. */
    record Row(String method, String template, String path, String body, Role needs) {}

    static final List<Row> MATRIX = List.of(
            new Row("GET", "/api/findings", "/api/findings", null, Role.VIEWER),
            new Row("GET", "/api/regions", "/api/regions", null, Role.VIEWER),
            new Row("GET", "/api/drill", "/api/drill", null, Role.VIEWER),
            new Row("GET", "/api/report", "/api/report", null, Role.VIEWER),
            new Row("GET", "/api/stream", "/api/stream", null, Role.VIEWER),
            new Row("GET", "/api/session", "/api/session", null, Role.VIEWER),
            new Row("GET", "/api/incidents", "/api/incidents", null, Role.VIEWER),
            new Row("GET", "/api/incidents/{id}", "/api/incidents/INC-1", null, Role.VIEWER),
            new Row("GET", "/api/audit", "/api/audit?limit=5", null, Role.VIEWER),
            new Row("GET", "/api/findings/<id>/actions", "/api/findings/provisioner-failures/insufficient-provisioners/us-east-2/actions", null, Role.VIEWER),
            new Row("POST", "/api/incidents/{id}/notes", "/api/incidents/INC-1/notes", "{}", Role.RESPONDER),
            new Row("POST", "/api/incidents/{id}/ack", "/api/incidents/INC-1/ack", "{}", Role.RESPONDER),
            new Row("POST", "/api/incidents/{id}/checklist", "/api/incidents/INC-1/checklist", "{}", Role.RESPONDER),
            new Row("POST", "/api/incidents/{id}/updates", "/api/incidents/INC-1/updates", "{}", Role.RESPONDER),
            new Row("POST", "/api/incidents/{id}/link", "/api/incidents/INC-1/link", "{}", Role.RESPONDER),
            new Row("POST", "/api/actions/plan", "/api/actions/plan", "{}", Role.RESPONDER),
            new Row("POST", "/api/actions/apply", "/api/actions/apply", "{}", Role.RESPONDER),
            new Row("POST", "/api/incidents", "/api/incidents", "{}", Role.COMMANDER),
            new Row("POST", "/api/incidents/{id}/severity", "/api/incidents/INC-1/severity", "{}", Role.COMMANDER),
            new Row("POST", "/api/incidents/{id}/roles", "/api/incidents/INC-1/roles", "{}", Role.COMMANDER),
            new Row("POST", "/api/incidents/{id}/resolve", "/api/incidents/INC-1/resolve", "{}", Role.COMMANDER));

    @BeforeAll
    static void start() {
        lab = Lab.start(dir, "healthy", 4);
        Path tokens = dir.resolve("tokens.yaml");
        for (Role r : Role.values()) TOKEN.put(r, TokenFile.add(tokens, r.label() + "-1", r));
        store = Store.open(dir.resolve("pitcrew.db"));
        serve = LabKit.serve(lab, QuickServe.settings(), TokenFile.load(tokens), store);
        api = new ApiClient(serve.port());
        var declared = api.post("/api/incidents", TOKEN.get(Role.COMMANDER), "{\"title\": \"matrix\", \"severity\": \"P3\"}");
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
        if (lab != null) lab.close();
    }

    @Test
    @Order(1)
    void theMatrixListsEveryApiRouteWithTheRoleItIsRegisteredWith() {
        Set<String> registered = serve.routes().stream().filter(r -> r.path().startsWith("/api"))
                .map(r -> r.method() + " " + r.path() + " " + (r.role() == null ? "NO ROLE" : r.role().label())).collect(Collectors.toSet());
        Set<String> table = MATRIX.stream().map(r -> r.method() + " " + r.template() + " " + r.needs().label()).collect(Collectors.toSet());
        assertThat(registered).as("every /api route needs a row in MATRIX (and the role it is registered with)").isEqualTo(table);
    }

    @Test
    @Order(2)
    void everyEndpointWantsATokenAndItsRole() {
        for (Row row : MATRIX) {
            var none = api.send(row.method(), row.path(), null, row.body());
            assertThat(none.status()).as("no token: " + row).isEqualTo(401);
            assertThat(none.json().path("error").asString()).contains("token");
            for (Role r : Role.values()) {
                var a = api.send(row.method(), row.path(), TOKEN.get(r), row.body());
                if (r.allows(row.needs())) {
                    if (row.template().equals("/api/report")) {
                        // this serve watches nothing, so it has no diagnosis to report yet (as /readyz says): 503 to every role allowed to ask
                        assertThat(a.status()).as(r.label() + ": " + row + " -> " + a.body()).isEqualTo(503);
                    } else {
                        assertThat(a.status()).as(r.label() + ": " + row + " -> " + a.body()).isNotIn(401, 403).isLessThan(500);
                    }
                } else {
                    assertThat(a.status()).as(r.label() + ": " + row).isEqualTo(403);
                    assertThat(a.json().path("error").asString()).as(row.toString()).contains("needs the role " + row.needs().label());
                }
            }
        }
        assertThat(api.get("/api/incidents/INC-1", TOKEN.get(Role.VIEWER)).json().path("timeline").toString())
                .as("no write by a role too low reached the incident").doesNotContain("viewer-1");
    }

    @Test
    @Order(3)
    void theOpenRoutesStayOpenAndTheLoginFormEscapes() {
        assertThat(api.get("/healthz", null).status()).isEqualTo(200);
        assertThat(api.get("/metrics", null).status()).isEqualTo(200);
        var login = api.get("/login", null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("content-type")).startsWith("text/html");
        assertThat(login.body()).contains("<form method=\"post\" action=\"/login\"").doesNotContain("<script", "http://", "https://");
        assertThat(login.header("content-security-policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(Html.escape("<script>alert('x')</script>&\"")).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    }

    @Test
    @Order(4)
    void aSessionCookieIsHttpOnlyStrictAndItsChangesNeedTheCsrfToken() {
        ApiClient.Session s = api.login(TOKEN.get(Role.RESPONDER));
        assertThat(s.setCookie()).startsWith("pitcrew_session=").contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200");
        assertThat(s.csrf()).hasSizeGreaterThan(20);

        String note = "{\"text\": \"from the browser\"}";
        var read = api.asBrowser(s, "GET", "/api/incidents", null, null, null);
        assertThat(read.status()).as("reads need no CSRF token").isEqualTo(200);
        var without = api.asBrowser(s, "POST", "/api/incidents/INC-1/notes", note, null, null);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.json().path("error").asString()).contains("X-CSRF-Token");
        assertThat(api.asBrowser(s, "POST", "/api/incidents/INC-1/notes", note, "wrong" + s.csrf(), null).status()).isEqualTo(403);
        var right = api.asBrowser(s, "POST", "/api/incidents/INC-1/notes", note, s.csrf(), api.base());
        assertThat(right.status()).as(right.body()).isEqualTo(201);
        assertThat(right.json().path("timeline").toString()).contains("from the browser").contains("responder-1");

        var foreign = api.asBrowser(s, "POST", "/api/incidents/INC-1/notes", note, s.csrf(), "https://evil.example");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().path("error").asString()).contains("Origin");
        // a bearer caller is refused a foreign Origin too, and so is the login form
        var bearerForeign = api.send(api.request("/api/incidents/INC-1/notes").header("Authorization", "Bearer " + TOKEN.get(Role.RESPONDER))
                .header("Origin", "http://127.0.0.1:1"), "POST", note);
        assertThat(bearerForeign.status()).isEqualTo(403);
        var loginForeign = api.send(api.request("/login").header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded"), "POST", null);
        assertThat(loginForeign.status()).isEqualTo(403);

        // a session's role is its token's: a responder session cannot declare
        assertThat(api.asBrowser(s, "POST", "/api/incidents", "{\"title\": \"x\", \"severity\": \"P3\"}", s.csrf(), null).status()).isEqualTo(403);

        var logout = api.send(api.request("/logout").header("Cookie", s.cookie()).header("X-CSRF-Token", s.csrf()), "POST", null);
        assertThat(logout.status()).isEqualTo(303);
        assertThat(api.asBrowser(s, "GET", "/api/incidents", null, null, null).status()).as("the session ended").isEqualTo(401);
    }

    @Test
    @Order(5)
    void aWrongTokenAtLoginIs401WithTheForm() {
        var wrong = api.send(api.request("/login").header("Content-Type", "application/x-www-form-urlencoded"), "POST", "token=nope");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("not valid").contains("<form");
        assertThat(wrong.header("set-cookie")).isNull();
    }

    @Test
    @Order(6)
    void tokensAreHashedAtRestAndNeverEchoed() throws Exception {
        String file = Files.readString(dir.resolve("tokens.yaml"));
        for (String t : TOKEN.values()) {
            assertThat(file).doesNotContain(t);
            assertThat(api.get("/api/session", t).body()).doesNotContain(t);
        }
    }

    /**
     * The OWASP ASVS items that apply to serve, over every route: a state-changing route refuses a session without its
     * CSRF token (V4.2.2); every answer, JSON, page, asset or error, carries nosniff, a policy that forbids framing and
     * a Referrer-Policy (V14.4); assets cannot be walked out of (V12.3.1); login starts a new session whatever cookie
     * came with it and goes nowhere but / (V3.2.1, V5.1.5); the cookie is Secure once TLS ends in front of serve (V3.4.1).
     * No request here is a failed authentication: the rate-limit test after it counts them.
     */
    @Test
    @Order(7)
    void asvsEveryRouteRefusesCrossSiteWritesAndEveryAnswerCarriesTheHeaders() {
        ApiClient.Session s = api.login(TOKEN.get(Role.COMMANDER));
        for (Row row : MATRIX.stream().filter(r -> r.method().equals("POST")).toList()) {
            var without = api.asBrowser(s, "POST", row.path(), row.body(), null, null);
            assertThat(without.status()).as("no CSRF token: " + row).isEqualTo(403);
        }
        List<ApiClient.Answer> answers = new ArrayList<>();
        for (Row row : MATRIX) {
            if (row.template().equals("/api/stream")) continue;
            answers.add(api.send(row.method(), row.path(), TOKEN.get(Role.VIEWER), row.body()));
        }
        for (String path : List.of("/", "/status", "/status.json", "/login", "/healthz", "/readyz", "/metrics", "/assets/pitcrew.css",
                "/assets/dashboard.js", "/no/such/page", "/api/no-such-route", "/assets/..%2f..%2fpom.xml", "/assets/%2e%2e/%2e%2e/pom.xml")) {
            answers.add(api.send(api.request(path).header("Cookie", s.cookie()), "GET", null));
        }
        for (ApiClient.Answer a : answers) {
            assertThat(a.header("x-content-type-options")).as(a.toString()).isEqualTo("nosniff");
            assertThat(a.header("content-security-policy")).as(a.toString()).contains("frame-ancestors 'none'");
            assertThat(a.header("referrer-policy")).as(a.toString()).isEqualTo("same-origin");
            assertThat(a.body()).doesNotContain("<project").doesNotContain("\tat ");
        }
        assertThat(answers.subList(answers.size() - 2, answers.size())).allSatisfy(a -> assertThat(a.status()).isIn(400, 404));
        // Jetty closes the connection after an ambiguous path; the answer says so, or the next request sent on that
        // connection (the POST below) would meet a closed socket
        assertThat(answers.stream().filter(a -> a.status() == 400)).isNotEmpty()
                .allSatisfy(a -> assertThat(a.header("connection")).as(a.toString()).isEqualTo("close"));

        String attacker = "pitcrew_session=chosen-by-an-attacker-0123456789";
        var login = api.send(api.request("/login?next=https://evil.example").header("Cookie", attacker)
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https"),
                "POST", "token=" + TOKEN.get(Role.VIEWER));
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("location")).isEqualTo("/");
        assertThat(login.header("set-cookie")).startsWith("pitcrew_session=").doesNotContain("chosen-by-an-attacker").contains("; Secure");
        assertThat(s.setCookie()).as("over plain HTTP").doesNotContain("Secure");
    }

    /** Last: it locks 127.0.0.1 out for a minute. Login (one wrong above) and bearer failures count together. */
    @Test
    @Order(100)
    void fiveWrongTokensAMinuteThen429WithRetryAfter() {
        for (int i = 0; i < 4; i++) assertThat(api.get("/api/findings", "wrong-" + i).status()).isEqualTo(401);
        var limited = api.get("/api/findings", "wrong-again");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("retry-after"))).isBetween(1, 60);
        assertThat(limited.json().path("error").asString()).contains("too many wrong tokens");
        assertThat(api.get("/api/findings", TOKEN.get(Role.VIEWER)).status()).as("even a right token, while locked out").isEqualTo(429);
        var login = api.send(api.request("/login").header("Content-Type", "application/x-www-form-urlencoded"), "POST",
                "token=" + TOKEN.get(Role.COMMANDER));
        assertThat(login.status()).isEqualTo(429);
        assertThat(login.header("retry-after")).isNotNull();
        assertThat(api.get("/healthz", null).status()).as("open routes are not limited").isEqualTo(200);
    }
}
