package io.pitcrew.server.api;

import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.server.ApiClient;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer of serve carries and how the API refuses: headers that keep answers out of caches and away from
 * content sniffing, JSON errors for unknown routes and oversized bodies, bounded free text, assets that exist.
 */
class ApiAnswersHttpTest {

    static final String TOKEN = "answers-test-token-0123456789";

    @TempDir
    static Path dir;
    static Store store;
    static Serve serve;
    static ApiClient api;

    @BeforeAll
    static void start() {
        PitcrewConfig config = new PitcrewConfig(List.of(new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "a.example")),
                Names.defaults(), Thresholds.defaults(), Optional.empty());
        store = Store.open(dir.resolve("pitcrew.db"));
        serve = Serve.open(config, null, Doctor.loadRunbook(Optional.empty()), QuickServe.settings(), TOKEN, store);
        api = new ApiClient(serve.port());
        var declared = api.post("/api/incidents", TOKEN, "{\"title\": \"answers\", \"severity\": \"P3\"}");
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
    }

    @Test
    void everyApiAnswerAndEveryPageIsNoStoreAndNosniff() {
        ApiClient.Session session = api.login(TOKEN);
        List<ApiClient.Answer> answers = List.of(
                api.get("/api/findings", TOKEN), api.get("/api/incidents", TOKEN), api.get("/api/incidents/INC-1", TOKEN),
                api.get("/api/incidents/INC-99", TOKEN), api.get("/api/findings", null), api.get("/api/nope", TOKEN),
                api.post("/api/incidents/INC-1/notes", TOKEN, "{}"),
                api.asBrowser(session, "GET", "/", null, null, null), api.get("/login", null), api.get("/status", null),
                api.get("/status.json", null), api.get("/healthz", null), api.get("/readyz", null), api.get("/metrics", null));
        for (ApiClient.Answer a : answers) {
            assertThat(a.header("x-content-type-options")).as(a.status() + " " + a.body()).isEqualTo("nosniff");
            assertThat(a.header("cache-control")).as(a.status() + " " + a.body()).isEqualTo("no-store");
        }
    }

    @Test
    void anUnknownApiRouteIsAJson404() {
        var a = api.get("/api/nope", TOKEN);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.header("content-type")).startsWith("application/json");
        assertThat(a.json().path("error").asString()).isEqualTo("no route GET /api/nope: see docs/serve.md (HTTP API, Responder API)");
        // the guard runs for routes that exist (it needs their role): a route that does not is a 404 to everyone
        assertThat(api.get("/api/nope", null).json().path("error").asString()).startsWith("no route GET /api/nope");
    }

    @Test
    void aBodyOverTheLimitIsAJson413ThatSaysTheLimits() {
        var a = api.post("/api/incidents/INC-1/notes", TOKEN, "{\"text\": \"" + "x".repeat(900_000) + "\"}");
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.header("content-type")).startsWith("application/json");
        assertThat(a.json().path("error").asString()).contains("larger than 65536 bytes", "at most 4000 characters");
        assertThat(a.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(api.get("/api/incidents/INC-1", TOKEN).body()).doesNotContain("xxxxxxxxxx");
    }

    @Test
    void freeTextIsBoundedAndFreeOfControlCharacters() {
        var tooLong = api.post("/api/incidents/INC-1/notes", TOKEN, "{\"text\": \"" + "y".repeat(4001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("error").asString()).isEqualTo("note text is 4001 characters long, at most 4000: shorten it, or write several");
        var nul = api.post("/api/incidents/INC-1/updates", TOKEN, "{\"message\": \"slow\\u0000 workspaces\"}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().path("error").asString())
                .isEqualTo("update text has a control character (U+0000) at character 5: only newline and tab may be used");
        var title = api.post("/api/incidents", TOKEN, "{\"title\": \"" + "t".repeat(201) + "\", \"severity\": \"P3\"}");
        assertThat(title.status()).isEqualTo(400);
        assertThat(title.json().path("error").asString()).contains("title is 201 characters long, at most 200");
        var reason = api.post("/api/incidents/INC-1/severity", TOKEN, "{\"severity\": \"P2\", \"reason\": \"\\u001b[31mred\"}");
        assertThat(reason.status()).isEqualTo(400);
        assertThat(reason.json().path("error").asString()).contains("reason has a control character (U+001B)");
        String timeline = api.get("/api/incidents/INC-1", TOKEN).json().path("timeline").toString();
        assertThat(timeline).doesNotContain("yyyyyyyyyy", "\\u0000", "31mred").contains("answers");

        var kept = api.post("/api/incidents/INC-1/notes", TOKEN, "{\"text\": \"first line\\r\\nsecond\\tline\"}");
        assertThat(kept.status()).as(kept.body()).isEqualTo(201);
        assertThat(kept.json().path("timeline").toString()).as("newline and tab kept, a Windows line end made a newline")
                .contains("first line\\nsecond\\tline");
    }

    @Test
    void everyAssetThePagesAskForExistsAndAMissingOneIs404() {
        ApiClient.Session session = api.login(TOKEN);
        String pages = api.asBrowser(session, "GET", "/", null, null, null).body() + api.get("/status", null).body()
                + api.get("/login", null).body();
        Matcher m = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"").matcher(pages);
        int asked = 0;
        while (m.find()) {
            asked++;
            assertThat(api.get(m.group(1), null).status()).as(m.group(1)).isEqualTo(200);
        }
        assertThat(asked).isGreaterThanOrEqualTo(3);
        for (String missing : List.of("/assets/live.js", "/assets/nope.css", "/assets/dashboard.html", "/assets/..%2Fsimplelogger.properties")) {
            var a = api.get(missing, null);
            assertThat(a.status()).as(missing).isEqualTo(404);
            assertThat(a.json().path("error").asString()).as(missing).startsWith("no such asset");
        }
    }
}
