package io.pitcrew.notify;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static io.pitcrew.notify.NotifyFixture.AT;
import static org.assertj.core.api.Assertions.assertThat;

/** The retry policy at its edges, in real time where time is the point, and a notifier made from pitcrew.yaml. */
class RetryPolicyTest {

    final NotifyFixture f = new NotifyFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void backoffDoublesUpToItsCeilingAndJitterOnlyShortensIt() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(16), 0.5, Duration.ofSeconds(1), Duration.ofMinutes(5));
        assertThat(List.of(1, 2, 3, 4, 5, 6, 9)).extracting(p::backoff).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(16), Duration.ofSeconds(16));
        for (double r : new double[] {0, 1}) {
            FakeTime time = new FakeTime();
            f.pagerDuty.then(FakeService.PD_DOWN);
            Notifier n = Notifier.from(f.config(), Map.of("PD_KEY", NotifyFixture.ROUTING_KEY)::get, p, time, time, () -> r);
            n.pagerDuty().orElseThrow().resolve("INC-7", AttemptListener.NONE);
            assertThat(time.waits).containsExactly(r == 0 ? Duration.ofSeconds(1) : Duration.ofMillis(500));
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String when = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(f.time.instant().plusSeconds(7), ZoneOffset.UTC));
        f.slack.then(FakeService.Reply.text(429, "rate_limited").with("Retry-After", when));
        f.notifier().slack().orElseThrow().send(new Notice.Declared(NotifyFixture.incident(Severity.P2), AT), f.listener);
        assertThat(f.time.waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aRequestSentButNotAnsweredIsNotRepeated() {
        f.gitHub.then(FakeService.gitHubCreated("https://github.com/acme/platform", 1).after(1500));
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(10), 0, Duration.ofMillis(300), Duration.ofSeconds(10));
        Delivery<GitHubIssue> d = f.notifier(p).openFollowUp(GitHubIssuesTest.followUp(), f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> {
            assertThat(x.reason()).startsWith("no answer within the timeout from 127.0.0.1:");
            assertThat(x.attempts()).isEqualTo(1);
        });
        assertThat(f.attempts).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.GAVE_UP);
    }

    @Test
    void inRealTimeTheBoundHolds() {
        for (int i = 0; i < 50; i++) f.pagerDuty.then(FakeService.PD_DOWN);
        RetryPolicy p = new RetryPolicy(50, Duration.ofMillis(100), Duration.ofMillis(400), 0.5, Duration.ofSeconds(1), Duration.ofMillis(1500));
        Notifier n = Notifier.from(f.config(), Map.of("PD_KEY", NotifyFixture.ROUTING_KEY)::get, p, Clock.systemUTC(), Sleeper.REAL, Math::random);
        long start = System.nanoTime();
        Delivery<String> d = n.pagerDuty().orElseThrow().resolve("INC-7", f.listener);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(d.delivered()).isFalse();
        assertThat(d.attempts()).isGreaterThan(2);
        assertThat(took).isLessThan(Duration.ofMillis(1500 + 1500));
    }

    @Test
    void aNotifierFromPitcrewYamlReadsItsSecretsFromFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("slack-webhook"), f.webhookUrl() + "\n");
        Files.writeString(dir.resolve("pd-key"), NotifyFixture.ROUTING_KEY);
        Path yaml = dir.resolve("pitcrew.yaml");
        Files.writeString(yaml, """
                regions:
                  - {name: us-east-2, role: control-plane, domain: ai.coder.com}
                notifications:
                  slack: {webhookUrlFile: slack-webhook, channelName: "#incidents"}
                  pagerduty: {routingKeyFile: pd-key, url: %s}
                  github: {repo: acme/platform, tokenEnv: PITCREW_TEST_UNSET_TOKEN}
                """.formatted(f.pagerDuty.url()));
        PitcrewConfig config = ConfigLoader.load(yaml);
        Notifier n = Notifier.from(config.notifications(), k -> null, RetryPolicy.standard(), f.time, f.time, () -> 0);

        assertThat(n.unavailable()).containsExactly("github token: environment variable PITCREW_TEST_UNSET_TOKEN is not set");
        List<Delivery<?>> d = n.announce(new Notice.Escalated(NotifyFixture.incident(Severity.P0), AT, "", List.of()), f.listener);
        assertThat(d).allMatch(Delivery::delivered).hasSize(2);
        assertThat(f.slack.received()).hasSize(1);
        assertThat(f.pagerDuty.received()).hasSize(1);
    }
}
