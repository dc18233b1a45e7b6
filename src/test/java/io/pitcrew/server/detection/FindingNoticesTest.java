package io.pitcrew.server.detection;

import io.pitcrew.config.Notifications;
import io.pitcrew.config.SecretRef;
import io.pitcrew.incident.AnnouncedFindings;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.notify.FakeService;
import io.pitcrew.notify.Notifier;
import io.pitcrew.notify.RetryPolicy;
import io.pitcrew.notify.Sleeper;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * New and resolved findings reach Slack (the notify tests' wire-format fake) once each and the timeline of the open
 * incidents linked to them, off the evaluation thread; a failing Slack is counted and holds nothing up.
 */
class FindingNoticesTest {

    static final String SECRET = "xoxWebhookSecret0123456789abcdef";
    static final Instant T0 = Instant.parse("2026-11-25T14:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    FakeService slack;
    Store store;
    Incidents incidents;
    ServeMetrics metrics = new ServeMetrics();
    FindingNotices notices;
    FindingLifecycle lifecycle = new FindingLifecycle(GRACE, Duration.ofSeconds(60), Duration.ofHours(1));
    /** What the detector would show after each evaluation: the worker reads it, never the lifecycle itself. */
    volatile Detector.State view = new Detector.State(false, null, null, List.of());
    Incident linked;
    Incident unrelated;

    @BeforeEach
    void setUp() {
        slack = FakeService.slack();
        store = Store.open(dir.resolve("pitcrew.db"));
        incidents = new Incidents(store, Clock.systemUTC());
        linked = incidents.declare(declaration("Workspaces evicted in Oregon",
                new LinkedFinding("workspace-restarts", "ephemeral-storage-exhaustion", "P1", List.of("us-west-2"), "")), "alice");
        // same cause, another region; and another cause in the same region: neither is about the finding
        unrelated = incidents.declare(declaration("Evictions in Ohio",
                new LinkedFinding("workspace-restarts", "ephemeral-storage-exhaustion", "P1", List.of("us-east-2"), "")), "alice");
        incidents.declare(declaration("Pull secret", new LinkedFinding("image-pull", "registry-auth", "P2", List.of("us-west-2"), "")), "alice");
        Notifications config = new Notifications(Optional.of(new Notifications.Slack(SecretRef.env("SLACK_WEBHOOK"), Optional.empty())),
                Optional.empty(), Optional.empty());
        Map<String, String> env = Map.of("SLACK_WEBHOOK", slack.url() + "/services/T0001/B0001/" + SECRET);
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), 0, Duration.ofSeconds(2), Duration.ofSeconds(5));
        notices = new FindingNotices(Optional.of(Notifier.from(config, env::get, quick, Clock.systemUTC(), Sleeper.REAL, () -> 0.5)),
                new AnnouncedFindings(store, Clock.systemUTC(), "replica-a"), Leadership.alone(),
                new FindingNotices.Seen(() -> view, GRACE, Clock.systemUTC()), metrics);
    }

    @AfterEach
    void tearDown() {
        notices.close();
        store.close();
        slack.close();
    }

    @Test
    void newAndResolvedArePostedOnceEachAndReachTheLinkedIncident() {
        Finding f = finding(List.of("us-west-2"), "3 pods evicted; webhook " + SECRET);
        evaluated(lifecycle.update(List.of(f), Set.of(), T0));
        // seen again, then flapping within the grace: no transition, nothing said
        evaluated(lifecycle.update(List.of(f), Set.of(), T0.plusSeconds(1)));
        evaluated(lifecycle.update(List.of(), Set.of(), T0.plusSeconds(2)));
        evaluated(lifecycle.update(List.of(f), Set.of(), T0.plusSeconds(3)));
        evaluated(lifecycle.tick(T0.plusSeconds(70))); // ongoing: not a notification
        evaluated(lifecycle.update(List.of(), Set.of(), T0.plusSeconds(80)));
        evaluated(lifecycle.tick(T0.plusSeconds(80).plus(GRACE)));

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.received().size() >= 2
                && findingLines(linked).size() >= 2);
        notices.close(); // drains the queue: nothing more can be on its way
        List<JsonNode> posted = slack.received().stream().map(r -> JsonMapper.builder().build().readTree(r.body())).toList();
        assertThat(posted).hasSize(2);
        assertThat(posted.get(0).path("text").asString()).startsWith("P1 new finding: Ephemeral volume storage exhaustion (us-west-2)");
        assertThat(posted.get(1).path("text").asString()).startsWith("P1 resolved: ");
        assertThat(posted.get(0).path("blocks").toString()).contains("workspace-restarts/ephemeral-storage-exhaustion/us-west-2");
        assertThat(slack.received()).allSatisfy(r -> assertThat(r.body()).doesNotContain(SECRET));
        assertThat(posted.get(0).path("blocks").toString()).contains("[redacted]");

        assertThat(findingLines(linked)).extracting(TimelineEntry::text).satisfiesExactly(
                t -> assertThat(t).startsWith("new finding workspace-restarts/ephemeral-storage-exhaustion/us-west-2 (P1)"),
                t -> assertThat(t).startsWith("resolved finding workspace-restarts/ephemeral-storage-exhaustion/us-west-2"));
        assertThat(findingLines(linked)).allSatisfy(e -> assertThat(e.actor()).isEqualTo(AnnouncedFindings.ACTOR));
        assertThat(findingLines(unrelated)).isEmpty();
        assertThat(metrics.notificationFailures("slack")).isZero();
    }

    @Test
    void aFindingThatSpreadsStillReachesItsIncident() {
        Incident i = incidents.find(linked.number()).orElseThrow();
        assertThat(AnnouncedFindings.linked(i, finding(List.of("eu-west-2", "us-west-2"), ""))).isTrue();
        assertThat(AnnouncedFindings.linked(i, finding(List.of("eu-west-2"), ""))).isFalse();
    }

    @Test
    void aFailingSlackIsCountedAndHoldsNothingUp() {
        FakeService.Reply down = new FakeService.Reply(500, "internal_error", "text/html", Map.of(), 1000);
        slack.then(down, down);
        long start = System.nanoTime();
        evaluated(lifecycle.update(List.of(finding(List.of("us-west-2"), "first")), Set.of(), T0));
        evaluated(lifecycle.update(List.of(finding(List.of("us-west-2"), "first"), finding(List.of("eu-west-2"), "second")), Set.of(), T0.plusSeconds(1)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the evaluation thread only hands over: less than one of Slack's answers").isLessThan(Duration.ofMillis(1000));

        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.notificationFailures("slack") == 1 && slack.received().size() == 3);
        assertThat(slack.received().get(2).body()).contains("eu-west-2");
        assertThat(metrics.render(List.of(), List.of())).contains("pitcrew_notification_failures_total{channel=\"slack\"} 1");
        // the timeline does not depend on Slack
        assertThat(findingLines(linked)).hasSize(1);
    }

    private List<TimelineEntry> findingLines(Incident i) {
        return incidents.timeline(i.number()).stream().filter(e -> e.kind() == TimelineEntry.Kind.FINDING && e.actor().equals(AnnouncedFindings.ACTOR)).toList();
    }

    /** One evaluation's changes handed over, as the detector hands them: its state first, then the changes. */
    private void evaluated(List<TrackedFinding.Change> changes) {
        view = new Detector.State(true, T0, null, lifecycle.all());
        notices.accept(changes);
    }

    private static Declaration declaration(String title, LinkedFinding f) {
        return new Declaration(title, Severity.P1, "", Optional.empty(), Optional.empty(), f.regions(), List.of(f), Optional.empty());
    }

    private static Finding finding(List<String> regions, String summary) {
        return new Finding("workspace-restarts", "ephemeral-storage-exhaustion", "Ephemeral volume storage exhaustion", Severity.P1,
                regions, summary, 3, List.of(), List.of(), "docs/runbook.md#workspace-restarts", List.of());
    }
}
