package io.pitcrew.server;

import io.pitcrew.config.Names;
import io.pitcrew.config.Notifications;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.SecretRef;
import io.pitcrew.config.Thresholds;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.notify.FakeService;
import io.pitcrew.notify.Notifier;
import io.pitcrew.notify.RetryPolicy;
import io.pitcrew.notify.Sleeper;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Incident changes made over the API reach Slack as the CLI's commands do (the notify tests' wire-format fake). */
class ServeIncidentNoticesTest {

    static final String TOKEN = "notices-commander-token-0123456789";
    static final String SECRET = "XyZsecretWebhookPart123";

    @TempDir
    static Path dir;
    static FakeService slack;
    static Store store;
    static Serve serve;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        slack = FakeService.slack();
        store = Store.open(dir.resolve("pitcrew.db"));
        PitcrewConfig config = new PitcrewConfig(List.of(new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "a.example")),
                Names.defaults(), Thresholds.defaults(), Optional.empty());
        Notifications notifications = new Notifications(Optional.of(new Notifications.Slack(SecretRef.env("SLACK_WEBHOOK"), Optional.empty())),
                Optional.empty(), Optional.empty());
        Map<String, String> env = Map.of("SLACK_WEBHOOK", slack.url() + "/services/T0001/B0001/" + SECRET);
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), 0, Duration.ofSeconds(2), Duration.ofSeconds(5));
        Notifier notifier = Notifier.from(notifications, env::get, quick, Clock.systemUTC(), Sleeper.REAL, () -> 0.5);
        ServeSettings settings = ServeSettings.defaults().withPort(0);
        // never watched: the incident routes work from the store alone
        serve = Serve.open(config, null, Doctor.loadRunbook(Optional.empty()), settings, Tokens.operator(TOKEN), store, notifier);
    }

    @AfterAll
    static void stop() {
        if (serve != null) serve.close();
        if (store != null) store.close();
        if (slack != null) slack.close();
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void declareStatusAndParticipantUpdateAreAnnouncedWithoutHoldingTheAnswer() throws Exception {
        var declared = post("/api/incidents", "{\"title\":\"Workspaces evicted in Oregon\",\"severity\":\"P1\"}");
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        String id = JsonMapper.builder().build().readTree(declared.body()).path("id").asString();
        assertThat(post("/api/incidents/" + id + "/roles", "{\"role\":\"commander\",\"name\":\"alex\"}").statusCode()).isEqualTo(200);
        var update = post("/api/incidents/" + id + "/updates",
                "{\"status\":\"identified\",\"message\":\"We found the cause; save your work.\"}");
        assertThat(update.statusCode()).as(update.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.received().size() >= 3);
        List<String> texts = slack.received().stream().map(r -> JsonMapper.builder().build().readTree(r.body()).path("text").asString()).toList();
        assertThat(texts).anySatisfy(t -> assertThat(t).contains(id).contains("Workspaces evicted in Oregon"));
        assertThat(texts).contains("P1 " + id + " investigating → identified: Workspaces evicted in Oregon",
                "P1 " + id + " update: Workspaces evicted in Oregon");
        // the update's words are in its Block Kit section
        String bodies = String.join("\n", slack.received().stream().map(FakeService.Received::body).toList());
        assertThat(bodies).contains("We found the cause; save your work.").doesNotContain(SECRET);
        // every attempt is on the timeline, as with the CLI
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port()
                        + "/api/incidents/" + id)).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString())
                .body().contains("slack"));
    }
}
