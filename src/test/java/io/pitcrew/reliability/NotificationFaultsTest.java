package io.pitcrew.reliability;

import io.pitcrew.config.Notifications;
import io.pitcrew.config.SecretRef;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.IncidentNotices;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.notify.Delivery;
import io.pitcrew.notify.FakeService;
import io.pitcrew.notify.Notice;
import io.pitcrew.notify.Notifier;
import io.pitcrew.notify.RetryPolicy;
import io.pitcrew.notify.Sleeper;
import io.pitcrew.reliability.FaultyProxy.Dialect;
import io.pitcrew.reliability.FaultyProxy.Fault;
import io.pitcrew.reliability.FaultyProxy.Options;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slack, PagerDuty or GitHub faulted while an incident is announced (as {@code pitcrew incident} and serve's API both
 * do, through {@link IncidentNotices}): the notice ends within its retry policy's bound and a second, never with an
 * exception; the incident is recorded whatever came of it; every attempt is a line of its timeline (none lost); and a
 * notice that did not go out says why in plain words. Serve announces after it has answered, on a thread of its own
 * ({@code IncidentRoutes}, {@code FindingNotices}), so this bound is what a notice costs, never what a request or a
 * sweep waits. Rows go to {@code target/reliability/source-faults.md} with the other sources'.
 *
 * <p>{@code -Dpitcrew.faults=all} runs every fault on every channel; the default runs a 503 and a reset on each, and a
 * hang and a 429 on Slack.
 */
class NotificationFaultsTest {

    /** Three tries, 2 s each, 4 s in all: the standard policy's shape, small enough for a test. */
    static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofMillis(400), 0,
            Duration.ofSeconds(2), Duration.ofSeconds(4));
    static final List<String> ROWS = new ArrayList<>();

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        boolean all = "all".equals(System.getProperty("pitcrew.faults"));
        Set<Fault> faults = all ? EnumSet.complementOf(EnumSet.of(Fault.E410)) : EnumSet.of(Fault.E503, Fault.RESET);
        // a hang costs a try's timeout and a 429 its Retry-After: one channel's is enough for the default run, as
        // every channel goes through the same Courier
        Stream<Arguments> slow = all ? Stream.empty() : Stream.of(Arguments.of("slack", Fault.HANG), Arguments.of("slack", Fault.E429_RETRY_AFTER));
        return Stream.concat(slow, Stream.of("slack", "pagerduty", "github").flatMap(c -> Stream.concat(all ? Stream.of(Arguments.of(c, null)) : Stream.empty(),
                faults.stream().map(f -> Arguments.of(c, f)))));
    }

    @AfterAll
    static void write() throws IOException {
        Path out = Path.of("target", "reliability", "notification-faults.md");
        Files.createDirectories(out.getParent());
        Files.write(out, ROWS.stream().sorted().toList());
    }

    /** @param fault null: the service's port refuses connections */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aFaultedServiceCostsItsBoundAndTheTimelineKeepsEveryAttempt(String channel, Fault fault) throws IOException {
        try (FakeService service = channel.equals("slack") ? FakeService.slack() : channel.equals("pagerduty") ? FakeService.pagerDuty() : FakeService.gitHub();
             FaultyProxy proxy = new FaultyProxy(URI.create(service.url()), fault, t -> true, Options.of(Dialect.JSON));
             Store store = Store.open(dir.resolve("pitcrew.db"))) {
            String url = fault == null ? "http://127.0.0.1:" + DoctorRun.closedPort() : proxy.url();
            Notifications channels = new Notifications(
                    channel.equals("slack") ? Optional.of(new Notifications.Slack(SecretRef.env("SLACK"), Optional.empty())) : Optional.empty(),
                    channel.equals("pagerduty") ? Optional.of(new Notifications.PagerDuty(SecretRef.env("PD"), url)) : Optional.empty(),
                    channel.equals("github") ? Optional.of(new Notifications.GitHub("coder", "workshop", SecretRef.env("GH"), url, List.of()))
                            : Optional.empty());
            Map<String, String> env = Map.of("SLACK", url + "/services/T1/B1/webhooksecret0123", "PD", "R0UTINGKEY0123456789abcdef",
                    "GH", "ghp_faultstoken0123456789");
            Notifier notifier = Notifier.from(channels, env::get, POLICY, Clock.systemUTC(), Sleeper.REAL, () -> 0.5);
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            List<String> progress = new ArrayList<>();
            IncidentNotices notices = new IncidentNotices(notifier, incidents, progress::add);
            Incident incident = incidents.declare(Declaration.of("workspaces restarting", Severity.P1), "alice");

            long start = System.nanoTime();
            List<Delivery<?>> deliveries = channel.equals("github") ? List.of(notices.openFollowUp(incident, "bigger nodes"))
                    : notices.announce(incident, new Notice.Escalated(incident.brief(), incidents.now(), "no answer", List.of()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("a notice's time").isLessThan(POLICY.totalBound().plusSeconds(1));
            Delivery<?> mine = deliveries.stream().filter(d -> d.channel().id().equals(channel)).findFirst().orElseThrow();
            List<TimelineEntry> lines = incidents.timeline(incident.number()).stream()
                    .filter(e -> e.kind() == TimelineEntry.Kind.NOTIFICATION && e.text().startsWith(channel)).toList();
            assertThat(lines).as("one timeline line per attempt").hasSize(mine.attempts());
            assertThat(incidents.all()).as("the incident, recorded regardless").extracting(Incident::number).contains(incident.number());
            String said = switch (mine) {
                case Delivery.Delivered<?> d -> "delivered" + (d.attempts() > 1 ? " (" + d.attempts() + " attempts)" : "");
                case Delivery.Failed<?> f -> "not sent after " + f.attempts() + " attempt" + (f.attempts() > 1 ? "s" : "") + ": " + f.reason();
            };
            if (fault != null && fault != Fault.HUGE && proxy.faulted() > 0 && !(channel.equals("slack") && isA200(fault))) {
                assertThat(mine.delivered()).as("%s with %s: %s", channel, fault, said).isFalse();
            }
            assertThat(said).as("plain words").doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("webhooksecret").doesNotContain("R0UTINGKEY").doesNotContain("ghp_");
            ROWS.add("| " + channel + " | " + (fault == null ? "connection refused" : fault.label) + " | " + said.replace("|", "\\|")
                    .replaceAll("127\\.0\\.0\\.1:\\d+", "…") + "; " + lines.size() + " timeline line" + (lines.size() == 1 ? "" : "s")
                    + " | " + String.format("%.1f s", took.toMillis() / 1000.0) + " |");
        }
    }

    /** Slack answers 200 with a word: any 200 is a delivery. */
    private static boolean isA200(Fault fault) {
        return EnumSet.of(Fault.MALFORMED, Fault.TRUNCATED, Fault.WRONG_SHAPE).contains(fault);
    }
}
