package io.pitcrew.server.pages;

import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.runbook.Severity;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.server.ServeSettings;
import io.pitcrew.server.access.Role;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.server.detection.RegionView;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard and the status page over HTTP, without a browser and without watching anything: the login
 * redirect, role-dependent controls, escaping, security headers, and the status stream following the store.
 */
class PagesHttpTest {

    static final String XSS = "<script>alert(1)</script>";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static Store store;
    static Serve serve;
    static Incidents incidents;
    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One bearer token per role, each held by someone whose name is hostile markup. */
    static String token(String role) {
        return "pages-" + role + "-token-0123456789";
    }

    static final Tokens TOKENS = new Tokens(Arrays.stream(Role.values())
            .map(r -> Tokens.entry("tester " + r.label() + " " + XSS, r, token(r.label()))).toList());

    @BeforeAll
    static void start() {
        PitcrewConfig config = new PitcrewConfig(List.of(new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "a.example"),
                new Region("us-west-2", "us-west-2", Region.Role.PROXY, "b.example")), Names.defaults(), Thresholds.defaults(), Optional.empty());
        ServeSettings settings = QuickServe.settings();
        store = Store.open(dir.resolve("pitcrew.db"));
        incidents = new Incidents(store, Clock.systemUTC());
        // never watched: the pages work from the store and an empty set of findings
        serve = Serve.open(config, null, Doctor.loadRunbook(Optional.empty()), settings, TOKENS, store);
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
    }

    static HttpResponse<String> get(String path, String role) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + path));
        if (role != null) b.header("Authorization", "Bearer " + token(role));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAPrincipalTheDashboardSendsToTheLogin() throws Exception {
        HttpResponse<String> r = get("/", null);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/login");
    }

    @Test
    void theDashboardEscapesEverythingItRenders() throws Exception {
        Incident i = incidents.declare(Declaration.of(XSS + " title", Severity.P1), "actor " + XSS);
        incidents.append(i.number(), "note " + XSS, TimelineEntry.Kind.NOTE, "note text " + XSS);
        HttpResponse<String> r = get("/", "commander");
        assertThat(r.statusCode()).isEqualTo(200);
        String html = r.body();
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; title", "note text &lt;script&gt;",
                "tester commander &lt;script&gt;");
        assertThat(html).doesNotContain(XSS);
        // no inline script at all: the only scripts come from /assets, and the policy forbids any other
        assertThat(html.split("<script", -1).length).as("every script is one from /assets")
                .isEqualTo(html.split("<script src=\"/assets/[a-z-]+\\.js\" defer></script>", -1).length);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'").doesNotContain("unsafe-inline");
    }

    @Test
    void aRegionRowEscapesWhatTheClusterSays() {
        String row = Dashboard.regionRow(new RegionView("r" + XSS, "proxy", "ctx", "unreachable", "error " + XSS, 0, 0, 0,
                List.of("gap " + XSS), 3)).html();
        assertThat(row).doesNotContain(XSS).contains("error &lt;script&gt;", "gap &lt;script&gt;", "data-region=\"r&lt;script&gt;");
    }

    @Test
    void controlsFollowTheRole() throws Exception {
        incidents.declare(Declaration.of("roles", Severity.P2), "someone");
        String viewer = get("/", "viewer").body();
        String responder = get("/", "responder").body();
        String commander = get("/", "commander").body();
        assertThat(viewer).doesNotContain("data-post=", "/notes", "/severity");
        assertThat(responder).contains("/notes\"", "/updates\"", "/checklist\"").doesNotContain("/severity\"", "/roles\"", "/resolve\"");
        assertThat(commander).contains("/notes\"", "/severity\"", "/roles\"", "/resolve\"");
    }

    /** An instant as the pages show it, e.g. "17:11 UTC · just now"; the instant itself only in the datetime attribute. */
    static final Pattern SHOWN = Pattern.compile(
            "<time datetime=\"(\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)\" title=\"\\1\">\\d\\d:\\d\\d UTC · (just now|\\d+ min ago)</time>");

    @Test
    void bothPagesShowTimesAsAClockAndHowLongAgo() throws Exception {
        Incident i = incidents.declare(Declaration.of("times", Severity.P2), "someone");
        TimelineEntry note = incidents.append(i.number(), "someone", TimelineEntry.Kind.NOTE, "a note with a time");
        incidents.append(i.number(), "someone", TimelineEntry.Kind.UPDATE, "an update with a time");
        String dashboard = get("/", "commander").body();
        assertThat(dashboard).contains("<time datetime=\"" + note.at() + "\" title=\"" + note.at() + "\">");
        assertThat(SHOWN.matcher(dashboard).find()).as(dashboard).isTrue();
        // the store is polled every 2 s
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/status", null).body().contains("an update with a time"));
        String status = get("/status", null).body();
        assertThat(SHOWN.matcher(status).find()).as(status).isTrue();
        for (String page : List.of(dashboard, status)) {
            assertThat(page).as("no raw instant as text").doesNotContainPattern(">[^<]*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        }
        assertThat(get("/status.json", null).body()).as("the JSON keeps ISO instants").containsPattern("\"at\":\"\\d{4}-\\d\\d-\\d\\dT");
    }

    @Test
    void onlyTheListedAssetsAreServed() throws Exception {
        assertThat(get("/assets/dashboard.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/assets/pitcrew.css", null).headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(get("/assets/..%2Fsimplelogger.properties", null).statusCode()).isEqualTo(404);
        assertThat(get("/assets/dashboard.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theStatusPageIsPublicReadOnlyAndFollowsParticipantUpdates() throws Exception {
        HttpResponse<String> page = get("/status", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Workspace URLs", "us-west-2");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + "/status"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isGreaterThanOrEqualTo(400);

        List<String> events = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<InputStream> s = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + "/status/stream"))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(s.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) if (line.startsWith("data:")) events.add(line.substring(5).strip());
                }
            } catch (Exception e) {
                // closed at the end of the test
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
            Incident i = incidents.declare(Declaration.of("secret-title " + XSS, Severity.P1), "someone");
            incidents.append(i.number(), "someone", TimelineEntry.Kind.NOTE, "internal-note");
            incidents.append(i.number(), "someone", TimelineEntry.Kind.UPDATE, "Workspaces may be slow " + XSS);
            // the store is polled every 2 s
            await().atMost(Duration.ofSeconds(10)).until(() -> events.getLast().contains("Workspaces may be slow"));
            JsonNode last = JSON.readTree(events.getLast());
            JsonNode incident = last.path("incidents").get(0);
            assertThat(incident.path("status").asString()).isEqualTo("investigating");
            assertThat(incident.path("updates").get(0).path("message").asString()).isEqualTo("Workspaces may be slow " + XSS);
            assertThat(String.join("\n", events)).doesNotContain("secret-title", "internal-note", "someone");
            assertThat(get("/status.json", null).body()).isEqualTo(events.getLast());
            assertThat(get("/status", null).body()).contains("Workspaces may be slow &lt;script&gt;").doesNotContain(XSS, "secret-title");
        } finally {
            reader.interrupt();
        }
    }
}
