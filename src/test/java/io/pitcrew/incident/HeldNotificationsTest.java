package io.pitcrew.incident;

import io.pitcrew.config.Notifications;
import io.pitcrew.config.SecretRef;
import io.pitcrew.drill.Drill;
import io.pitcrew.drill.Drills;
import io.pitcrew.notify.AttemptListener;
import io.pitcrew.notify.Delivery;
import io.pitcrew.notify.FakeService;
import io.pitcrew.notify.Notice;
import io.pitcrew.notify.Notifier;
import io.pitcrew.notify.RetryPolicy;
import io.pitcrew.notify.Sleeper;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a drill runs, an incident's notices are held: nothing reaches Slack, PagerDuty or GitHub, nothing fails, the
 * timeline records no attempt, and whoever runs the command is told once per notice. What happens once the drill is
 * over goes out again.
 */
class HeldNotificationsTest {

    @TempDir
    Path dir;

    @Test
    void heldWhileADrillRunsAndSentOnceItIsOver() {
        try (FakeService slack = FakeService.slack(); FakeService gitHub = FakeService.gitHub(); Store store = Store.open(dir.resolve("p.db"))) {
            Notifications channels = new Notifications(
                    Optional.of(new Notifications.Slack(SecretRef.env("SLACK"), Optional.empty())), Optional.empty(),
                    Optional.of(new Notifications.GitHub("coder", "workshop", SecretRef.env("GH"), gitHub.url(), List.of())));
            RetryPolicy quick = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(20), 0, Duration.ofSeconds(2), Duration.ofSeconds(5));
            Notifier configured = Notifier.from(channels, Map.of("SLACK", slack.url() + "/services/T1/B1/x", "GH", "ghp_drilltoken")::get,
                    quick, Clock.systemUTC(), Sleeper.REAL, () -> 0.5);
            Drills drills = new Drills(store);
            Drill drill = drills.start(Instant.now(), Instant.now(), List.of("provisioner-shortage"), "lab", "facilitator", d -> {});
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            List<String> said = new ArrayList<>();
            IncidentNotices notices = new IncidentNotices(configured.heldDuring(drills::ranAt), incidents, said::add);
            Incident i = incidents.declare(Declaration.of("builds queue", Severity.P2), "alice");

            assertThat(notices.announce(i, new Notice.Declared(i.brief(), i.times().declared()))).isEmpty();
            assertThat(notices.openFollowUp(i, "more provisioners")).isInstanceOfSatisfying(Delivery.Failed.class,
                    f -> assertThat(f.reason()).contains("held: a drill is running"));
            assertThat(said).first().asString().startsWith("notifications held: a drill is running");
            assertThat(slack.received()).isEmpty();
            assertThat(gitHub.received()).isEmpty();
            assertThat(incidents.timeline(i.number())).noneMatch(e -> e.kind() == TimelineEntry.Kind.NOTIFICATION);

            drills.end(drill, new Drill.Ending(Instant.now(), "ended", "{}"));
            List<Delivery<?>> sent = notices.announce(i, new Notice.ParticipantUpdate(i.brief(), Instant.now(), "more provisioners are up"));
            assertThat(sent).singleElement().satisfies(d -> assertThat(d.delivered()).isTrue());
            assertThat(slack.received()).hasSize(1);
        }
    }

    /** serve's way: each notice is held by when its event happened, so a drill's finding sent late stays the drill's. */
    @Test
    void heldByWhenItHappenedNotWhenItIsSent() {
        try (FakeService slack = FakeService.slack(); Store store = Store.open(dir.resolve("p.db"))) {
            Notifications channels = new Notifications(Optional.of(new Notifications.Slack(SecretRef.env("SLACK"), Optional.empty())),
                    Optional.empty(), Optional.empty());
            RetryPolicy quick = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(20), 0, Duration.ofSeconds(2), Duration.ofSeconds(5));
            Notifier configured = Notifier.from(channels, Map.of("SLACK", slack.url() + "/services/T1/B1/x")::get,
                    quick, Clock.systemUTC(), Sleeper.REAL, () -> 0.5);
            Drills drills = new Drills(store);
            Instant start = Instant.now().minus(Duration.ofMinutes(30));
            Drill drill = drills.start(start, start, List.of("storage-exhaustion"), "lab", "facilitator", d -> {});
            Instant end = start.plus(Duration.ofMinutes(20));
            drills.end(drill, new Drill.Ending(end, "ended", "{}"));
            Notifier notifier = configured.heldDuring(drills::ranAt);
            Incident i = new Incidents(store, Clock.systemUTC()).declare(Declaration.of("storage fills", Severity.P2), "alice");

            // the drill is over now; what happened during it is still held, what came before or after is not
            assertThat(notifier.held()).isFalse();
            assertThat(notifier.announce(new Notice.Declared(i.brief(), start.plus(Duration.ofMinutes(5))), AttemptListener.NONE)).isEmpty();
            assertThat(notifier.announce(new Notice.Declared(i.brief(), start.minusSeconds(1)), AttemptListener.NONE)).hasSize(1);
            assertThat(notifier.announce(new Notice.Declared(i.brief(), end), AttemptListener.NONE)).hasSize(1);
            assertThat(slack.received()).hasSize(2);
        }
    }
}
