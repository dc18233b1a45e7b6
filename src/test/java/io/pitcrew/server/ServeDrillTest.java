package io.pitcrew.server;

import io.pitcrew.config.Notifications;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.SecretRef;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.drill.Drill;
import io.pitcrew.drill.Drills;
import io.pitcrew.drill.Sighting;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.notify.FakeService;
import io.pitcrew.notify.Notifier;
import io.pitcrew.notify.RetryPolicy;
import io.pitcrew.notify.Sleeper;
import io.pitcrew.server.access.Tokens;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * serve while a drill runs in its store: the dashboard says so, every new finding is a sighting for the drill's score,
 * and Slack hears nothing of it — unless serve was told to send ({@code --drill-notify}). The notify tests' wire-format
 * fake stands in for Slack.
 */
class ServeDrillTest {

    static final String TOKEN = "drill-commander-token-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    Lab lab;
    Store store;
    FakeService slack;
    Serve serve;

    @AfterEach
    void stop() {
        if (serve != null) serve.close();
        if (lab != null) lab.close();
        if (slack != null) slack.close();
        if (store != null) store.close();
    }

    /** serve on a healthy lab, Slack configured (the fake), with a drill running in its store. */
    Drill startWithADrill(boolean drillNotify) {
        lab = Lab.start(LabKit.dir(dir), null, 12);
        store = Store.open(dir.resolve("pitcrew.db"));
        slack = FakeService.slack();
        PitcrewConfig config = LabKit.config(lab);
        Notifications notifications = new Notifications(Optional.of(new Notifications.Slack(SecretRef.env("SLACK_WEBHOOK"), Optional.empty())),
                Optional.empty(), Optional.empty());
        Map<String, String> env = Map.of("SLACK_WEBHOOK", slack.url() + "/services/T0001/B0001/drillsecret");
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), 0, Duration.ofSeconds(2), Duration.ofSeconds(5));
        Notifier notifier = Notifier.from(notifications, env::get, quick, Clock.systemUTC(), Sleeper.REAL, () -> 0.5);
        Drill drill = new Drills(store).start(Instant.now(), Instant.now(), List.of("storage-exhaustion"), lab.dir().toString(), "facilitator", d -> {});
        serve = Serve.open(config, Kubeconfig.read(lab.kubeconfig()), Doctor.loadRunbook(Optional.empty()),
                QuickServe.settings().withDrillNotify(drillNotify), Tokens.operator(TOKEN), store, notifier).watch();
        await().atMost(PATIENCE).until(() -> get("/readyz").statusCode() == 200);
        return drill;
    }

    @Test
    void duringADrillTheDashboardSaysSoNewFindingsAreSightingsAndSlackHearsNothing() throws Exception {
        Drill drill = startWithADrill(false);
        JsonNode banner = JSON.readTree(get("/api/drill").body()).path("drill");
        assertThat(banner.path("id").asString()).isEqualTo("DRILL-1");
        assertThat(banner.path("notificationsHeld").asBoolean()).isTrue();
        assertThat(banner.path("text").asString()).contains("Drill DRILL-1 running: a rehearsal, not an incident")
                .contains("are held").doesNotContain("storage-exhaustion");
        String dashboard = get("/").body();
        assertThat(dashboard).contains("<p id=\"drill\" class=\"drill\" role=\"status\"><strong>drill</strong>")
                .contains("Drill DRILL-1 running").doesNotContain("storage-exhaustion");

        lab.inject("storage-exhaustion");
        Drills drills = new Drills(store);
        await().atMost(PATIENCE).until(() -> drills.sightings(drill).stream()
                .anyMatch(s -> s.source().equals(Sighting.SERVE) && s.finding().equals("workspace-restarts/ephemeral-storage-exhaustion")));
        Sighting seen = drills.sightings(drill).getFirst();
        assertThat(seen.regions()).containsExactly("us-west-2");
        assertThat(seen.at()).isAfterOrEqualTo(drill.startedAt());

        // the drill ends: the banner goes, and the next finding reaches Slack. serve tells Slack in the order findings
        // came, on one thread: had the drill's finding been sent, it would have arrived first.
        drills.end(drill, new Drill.Ending(Instant.now(), "ended", "{}"));
        assertThat(JSON.readTree(get("/api/drill").body()).path("drill").isNull()).isTrue();
        assertThat(get("/").body()).contains("<p id=\"drill\" class=\"drill\" role=\"status\" hidden>");
        lab.inject("lb-pending");
        await().atMost(PATIENCE).until(() -> !slack.received().isEmpty());
        assertThat(slack.received()).allSatisfy(r -> assertThat(r.body()).contains("load-balancer-not-ready")
                .doesNotContain("ephemeral-storage-exhaustion"));
        // nothing is sighted once the drill has ended
        assertThat(drills.sightings(drill)).noneMatch(s -> s.finding().contains("load-balancer-not-ready"));
    }

    @Test
    void withDrillNotifyServeSendsDuringADrillAsOnAnyDay() throws Exception {
        startWithADrill(true);
        JsonNode banner = JSON.readTree(get("/api/drill").body()).path("drill");
        assertThat(banner.path("notificationsHeld").asBoolean()).isFalse();
        assertThat(banner.path("text").asString()).contains("Notifications go out as usual");

        lab.inject("storage-exhaustion");
        await().atMost(PATIENCE).until(() -> !slack.received().isEmpty());
        assertThat(slack.received().getFirst().body()).contains("ephemeral-storage-exhaustion");
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }
}
