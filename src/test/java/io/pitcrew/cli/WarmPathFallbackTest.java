package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import io.pitcrew.lab.LabKit;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.Serve;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way a serve can fail to give doctor a diagnosis — nothing listening, a refused token, garbage, a stale report,
 * no answer at all, none yet — is said in one line naming the server and why, and doctor sweeps directly instead;
 * with {@code --server-only} it stops there (exit 3). The token is never printed, whatever the server echoes; bad
 * flags and a bad {@code server:} block are exit 2.
 */
class WarmPathFallbackTest {

    static final String TOKEN = "fallback-test-token-8c1d07e4b2a9f3";
    static final String SWEPT = "healthy: no findings · 3/3 regions read";

    @TempDir
    static Path dir;
    static ServedLab servedLab;

    @BeforeAll
    static void start() throws Exception {
        servedLab = ServedLab.start(dir, 2, TOKEN);
        await().atMost(Duration.ofSeconds(60)).until(() -> report(servedLab.serve().port()).statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (servedLab != null) servedLab.close();
    }

    static Run doctor(Map<String, String> env, String... args) {
        Run r = servedLab.doctor(env, args);
        assertThat(r.out() + r.err()).as("the token is never printed").doesNotContain(TOKEN);
        return r;
    }

    /** Without $PITCREW_TOKEN, and a home without serve's own token. */
    static Run doctor(String... args) {
        return doctor(Map.of("HOME", dir.resolve("no-home").toString()), args);
    }

    static HttpResponse<String> report(int port) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/report"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The one line said, then the sweep's report. */
    static void assertFellBack(Run r, String line) {
        assertThat(r.err().lines().toList()).as(r.err()).containsExactly(line);
        assertThat(r.out()).as("swept directly").contains("REGION", SWEPT);
        assertThat(r.exit()).isZero();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void nothingListeningIsSaidAndSwept() throws Exception {
        String url = "http://127.0.0.1:" + freePort();
        assertFellBack(doctor("--server", url, "--token-file", servedLab.tokenFile().toString()),
                "pitcrew serve at " + url + " did not answer (connection refused); sweeping directly");
    }

    @Test
    void withServerOnlyItStopsThereExitThree() throws Exception {
        String url = "http://127.0.0.1:" + freePort();
        Run r = doctor("--server", url, "--token-file", servedLab.tokenFile().toString(), "--server-only", "-o", "json");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: pitcrew serve at " + url + " did not answer (connection refused)\n"
                + "    fix: check that pitcrew serve runs there (its /healthz answers without a token); or drop --server-only to sweep directly\n");
    }

    @Test
    void aTokenServeRefusesIsSaidWithWhatItSaid() throws Exception {
        Path wrong = dir.resolve("wrong-token");
        Files.writeString(wrong, "not-the-token-0123456789abcdef");
        String url = servedLab.url();
        Run r = doctor("--server", url, "--token-file", wrong.toString());
        assertFellBack(r, "pitcrew serve at " + url + " refused the token (HTTP 401: a valid bearer token is required "
                + "(Authorization: Bearer TOKEN), or log in at /login); sweeping directly");
        assertThat(r.err()).doesNotContain("not-the-token");
        Run only = doctor("--server", url, "--token-file", wrong.toString(), "--server-only");
        assertThat(only.exit()).isEqualTo(3);
        assertThat(only.err()).contains("    fix: give a token of this serve (--token-file FILE; pitcrew serve token --role viewer makes one)");
    }

    @Test
    void garbageIsNotAReport() {
        try (FakeServe html = new FakeServe(200, "text/html", "<html>welcome to nginx</html>");
             FakeServe wrong = new FakeServe(200, "application/json", "{\"regions\": 5}");
             FakeServe broken = new FakeServe(200, "application/json", "{\"observedAt\": \"2026-")) {
            assertFellBack(doctor("--server", html.url(), "--token-file", servedLab.tokenFile().toString()),
                    "pitcrew serve at " + html.url() + " answered something that is not a report (text/html); sweeping directly");
            assertFellBack(doctor("--server", wrong.url(), "--token-file", servedLab.tokenFile().toString()),
                    "pitcrew serve at " + wrong.url() + " answered something that is not a report (a missing or unexpected value at regions); sweeping directly");
            assertFellBack(doctor("--server", broken.url(), "--token-file", servedLab.tokenFile().toString()),
                    "pitcrew serve at " + broken.url() + " answered something that is not a report (not JSON); sweeping directly");
        }
    }

    @Test
    void aStaleReportIsNotUsed() throws Exception {
        ObjectNode doc = (ObjectNode) JsonMapper.builder().build().readTree(report(servedLab.serve().port()).body());
        ((ObjectNode) doc.get("source")).put("ageMillis", 305_000);
        try (FakeServe stale = new FakeServe(200, "application/json", doc.toString())) {
            assertFellBack(doctor("--server", stale.url(), "--token-file", servedLab.tokenFile().toString()),
                    "pitcrew serve at " + stale.url() + " has a stale diagnosis: evaluated 5m05s ago, more than 2m "
                            + "(is its evaluation stuck? see its /metrics); sweeping directly");
            // the same report, fresh, is used as it is, also from a serve behind a proxy's path
            ((ObjectNode) doc.get("source")).put("ageMillis", 1_500);
            try (FakeServe fresh = new FakeServe("/pitcrew", 200, "application/json", doc.toString())) {
                Run r = doctor("--server", fresh.url() + "/pitcrew/", "--token-file", servedLab.tokenFile().toString(), "--server-only");
                assertThat(r.err()).isEqualTo("from pitcrew serve at " + fresh.url() + "/pitcrew, evaluated 1s ago\n");
                assertThat(r.out()).contains(SWEPT);
            }
        }
    }

    @Test
    void aServerThatNeverAnswersIsGivenTwoSeconds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) held.add(silent.accept()); // accepted, read from, never answered
                } catch (Exception closed) {
                    // the test is over
                }
            });
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();
            Run r = doctor("--server", url, "--token-file", servedLab.tokenFile().toString(), "--server-only");
            long took = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.err()).startsWith("error: pitcrew serve at " + url + " did not answer within 2s\n");
            assertThat(r.exit()).isEqualTo(3);
            assertThat(took).as("bounded by the answer timeout").isBetween(1_900L, 10_000L);
            assertFellBack(doctor("--server", url, "--token-file", servedLab.tokenFile().toString()),
                    "pitcrew serve at " + url + " did not answer within 2s; sweeping directly");
            acceptor.interrupt();
            for (Socket s : held) s.close();
        }
    }

    @Test
    void aServeStillSyncingHasNoDiagnosisYet() {
        try (Store other = Store.open(dir.resolve("syncing.db"));
             Serve syncing = LabKit.serve(servedLab.lab(), QuickServe.settings(), Tokens.operator(TOKEN), other)) {
            String url = "http://127.0.0.1:" + syncing.port();
            assertFellBack(doctor("--server", url, "--token-file", servedLab.tokenFile().toString()),
                    "pitcrew serve at " + url + " is not ready (HTTP 503: no diagnosis yet: serve is still listing every region "
                            + "and asking the probes for the first time (see /readyz); try again in a few seconds); sweeping directly");
        }
    }

    @Test
    void aServerEchoingTheTokenHasItScrubbed() {
        try (FakeServe echo = new FakeServe(500, "application/json", "{\"error\":\"upstream failed for Authorization: {authorization}\"}")) {
            Run r = doctor("--server", echo.url(), "--token-file", servedLab.tokenFile().toString());
            assertThat(echo.authorizations).containsExactly("Bearer " + TOKEN);
            assertFellBack(r, "pitcrew serve at " + echo.url() + " answered HTTP 500: upstream failed for Authorization: Bearer [redacted]; sweeping directly");
        }
    }

    @Test
    void theTokenComesFromTheEnvironmentOrServesOwnFileOnThisMachine() throws Exception {
        String url = servedLab.url();
        Run env = doctor(Map.of("PITCREW_TOKEN", TOKEN, "HOME", dir.resolve("no-home").toString()), "--server", url, "--server-only");
        assertThat(env.err()).startsWith("from pitcrew serve at " + url);
        assertThat(env.out()).contains(SWEPT);

        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".pitcrew"));
        Files.writeString(home.resolve(".pitcrew/serve-token"), TOKEN + "\n");
        Run own = doctor(Map.of("HOME", home.toString()), "--server", url, "--server-only");
        assertThat(own.err()).startsWith("from pitcrew serve at " + url);
        assertThat(own.exit()).isZero();
        // serve's own token goes only to a serve on this machine
        String elsewhere = "http://192.0.2.1:8461";
        assertFellBack(doctor(Map.of("HOME", home.toString()), "--server", elsewhere),
                "pitcrew serve at " + elsewhere + " was not asked: no token (--token-file FILE, $PITCREW_TOKEN or server.tokenFile in "
                        + "pitcrew.yaml); sweeping directly");
    }

    @Test
    void pitcrewYamlNamesTheServerAndItsTokenFile() throws Exception {
        String url = servedLab.url();
        Files.copy(servedLab.tokenFile(), servedLab.lab().dir().resolve("serve-token"), StandardCopyOption.REPLACE_EXISTING);
        Path config = servedLab.lab().dir().resolve("warm.yaml");
        Files.writeString(config, Files.readString(servedLab.lab().config()) + "server:\n  url: " + url + "/\n  tokenFile: serve-token\n");
        Run warm = doctor("--config", config.toString());
        assertThat(warm.err()).as(warm.err()).startsWith("from pitcrew serve at " + url + ", evaluated ");
        assertThat(warm.out()).contains(SWEPT);

        Run none = doctor("--config", config.toString(), "--no-server");
        assertThat(none.err()).isEmpty();
        assertThat(none.out()).contains(SWEPT);

        Run context = doctor("--config", config.toString(), "--context", "us-east-2=us-east-2");
        assertFellBack(context, "pitcrew serve at " + url + " was not asked: --context changes what is diagnosed, which only a "
                + "sweep does; sweeping directly");
        Run contextOnly = doctor("--config", config.toString(), "--context", "us-east-2=us-east-2", "--server-only");
        assertThat(contextOnly.exit()).isEqualTo(2);
        assertThat(contextOnly.err()).startsWith("error: --server-only and --context: --context changes what is diagnosed");

        Files.writeString(config, Files.readString(servedLab.lab().config()) + "server:\n  url: " + url + "\n  tokenFile: missing-token\n");
        int line = (int) Files.readString(config).lines().count();
        Run missing = doctor("--config", config.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: " + config + ":" + line + ": server.tokenFile: " + servedLab.lab().dir().resolve("missing-token")
                + ": file not found");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void badFlagsAreExitTwoAndSayWhy() throws Exception {
        Run ftp = doctor("--server", "ftp://127.0.0.1:8461", "--token-file", servedLab.tokenFile().toString());
        assertThat(ftp.exit()).isEqualTo(2);
        assertThat(ftp.err()).startsWith("error: --server: 'ftp://127.0.0.1:8461' is not an http(s) URL; give pitcrew serve's base URL");

        Run password = doctor("--server", "http://admin:hunter22@127.0.0.1:8461");
        assertThat(password.exit()).isEqualTo(2);
        assertThat(password.err()).contains("has a user or password in it").doesNotContain("hunter22");

        Path twoWords = dir.resolve("tokens.yaml");
        Files.writeString(twoWords, "tokens:\n  - {name: alice, role: viewer, sha256: 8f4e}\n");
        Run notAToken = doctor("--server", servedLab.url(), "--token-file", twoWords.toString());
        assertThat(notAToken.exit()).isEqualTo(2);
        assertThat(notAToken.err()).startsWith("error: --token-file " + twoWords + ": holds more than one word, so it is not a token")
                .doesNotContain("8f4e");

        assertThat(doctor("--server-only").err()).startsWith("error: --server-only: no server to ask");
        assertThat(doctor("--server-only").exit()).isEqualTo(2);
        assertThat(doctor("--no-server", "--server", "http://127.0.0.1:1").err()).startsWith("error: --no-server and --server contradict");
        Run missingFile = doctor("--server", servedLab.url(), "--token-file", dir.resolve("nope").toString());
        assertThat(missingFile.exit()).isEqualTo(2);
        assertThat(missingFile.err()).startsWith("error: --token-file " + dir.resolve("nope") + ": file not found");
    }
}
