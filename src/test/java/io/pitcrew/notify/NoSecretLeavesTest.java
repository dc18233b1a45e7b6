package io.pitcrew.notify;

import io.pitcrew.config.Notifications;
import io.pitcrew.config.SecretRef;
import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pitcrew.notify.NotifyFixture.AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DESIGN.md: "no secret value in any output, log, store row, page or notification". Every channel is driven through
 * success, refusal, retry and silence, and every text that comes back — results, reasons, attempts, toString — is
 * searched for the webhook URL, the routing key and the token.
 */
class NoSecretLeavesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> SECRETS = List.of(NotifyFixture.WEBHOOK_SECRET, NotifyFixture.ROUTING_KEY, NotifyFixture.TOKEN);
    final NotifyFixture f = new NotifyFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    private static void assertClean(Object o) {
        String text = String.valueOf(o);
        for (String s : SECRETS) assertThat(text).as("leaks a secret: %s", text).doesNotContain(s);
    }

    @Test
    void noResultReasonAttemptOrToStringCarriesASecret() {
        f.slack.then(FakeService.SLACK_INVALID, FakeService.slackRateLimited(1), FakeService.SLACK_NO_CHANNEL);
        f.pagerDuty.then(FakeService.PD_INVALID, FakeService.PD_THROTTLED, FakeService.PD_DOWN);
        f.gitHub.then(FakeService.GH_GONE, FakeService.GH_INVALID, FakeService.Reply.json(401, "{\"message\":\"Bad credentials\"}"));
        Notifier n = f.notifier(NotifyFixture.quick(2, Duration.ofSeconds(20)));
        List<Object> seen = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (Notice notice : SlackWebhookTest.everyKind(NotifyFixture.incident(Severity.P0))) seen.addAll(n.announce(notice, f.listener));
            seen.add(n.openFollowUp(GitHubIssuesTest.followUp(), f.listener));
        }
        seen.addAll(f.attempts);
        f.attempts.forEach(a -> seen.add(a.describe()));
        seen.addAll(List.of(n, n.channels(), n.unavailable(), n.slack().orElseThrow(), n.pagerDuty().orElseThrow(),
                n.gitHub().orElseThrow(), f.config(), n.paging()));

        assertThat(seen).hasSizeGreaterThan(50);
        assertThat(f.attempts).extracting(Attempt::outcome).contains(Attempt.Outcome.DELIVERED, Attempt.Outcome.REFUSED,
                Attempt.Outcome.WILL_RETRY, Attempt.Outcome.GAVE_UP);
        seen.forEach(NoSecretLeavesTest::assertClean);
    }

    @Test
    void silenceAndRefusedConnectionsSayWhereButNotTheSecretPath() {
        String webhook = f.webhookUrl();
        f.slack.close();
        Notifier n = Notifier.from(new Notifications(Optional.of(new Notifications.Slack(SecretRef.env("W"), Optional.empty())),
                Optional.empty(), Optional.empty()), Map.of("W", webhook)::get, NotifyFixture.quick(2, Duration.ofSeconds(5)), f.time, f.time, () -> 0);
        List<Delivery<?>> d = n.announce(new Notice.Declared(NotifyFixture.incident(Severity.P1), AT), f.listener);

        assertThat(d).singleElement().isInstanceOf(Delivery.Failed.class);
        assertClean(d);
        assertClean(f.attempts);
        assertThat(n.channels()).singleElement().asString().endsWith("/services/…");
    }

    @Test
    void aSecretPastedIntoAnIncidentIsRedactedBeforeItIsSent() {
        IncidentBrief leaky = new IncidentBrief("INC-8", "key " + NotifyFixture.ROUTING_KEY, Severity.P1, IncidentStatus.INVESTIGATING,
                List.of("us-east-2"), "the webhook is " + f.webhookUrl() + " and token " + NotifyFixture.TOKEN, Optional.empty(), List.of());
        Notifier n = f.notifier();
        n.announce(new Notice.Escalated(leaky, AT, "", List.of()), f.listener);
        n.openFollowUp(new FollowUp(leaky, "token was " + NotifyFixture.TOKEN, "", List.of()), f.listener);

        assertClean(f.slack.received().getFirst().body());
        assertClean(f.gitHub.received().getFirst().body());
        assertThat(f.slack.received().getFirst().body()).contains("[redacted]");
        JsonNode event = JSON.readTree(f.pagerDuty.received().getFirst().body());
        assertThat(event.path("routing_key").asString()).isEqualTo(NotifyFixture.ROUTING_KEY); // where it must go
        assertClean(event.path("payload"));
        assertThat(event.at("/payload/summary").asString()).startsWith("[P1] INC-8 key [redacted]");
    }

    @Test
    void theWebhooksPathAloneIsRedactedToo() {
        String path = "/services/T0001/B0001/" + NotifyFixture.WEBHOOK_SECRET;
        IncidentBrief i = new IncidentBrief("INC-9", "t", Severity.P2, IncidentStatus.INVESTIGATING, List.of(),
                "posted to hooks.slack.com" + path, Optional.empty(), List.of());
        f.notifier().announce(new Notice.Declared(i, AT), f.listener);
        assertThat(f.slack.received().getFirst().body()).contains("hooks.slack.com[redacted]");
    }

    @Test
    void aHugeRetryAfterGivesUpInsteadOfOverflowing() {
        f.slack.then(FakeService.Reply.text(429, "rate_limited").with("Retry-After", "99999999999999999"));
        Delivery<String> d = f.notifier().slack().orElseThrow().send(new Notice.Declared(NotifyFixture.incident(Severity.P1), AT), f.listener);
        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> assertThat(x.reason()).contains("asked to retry after 86400 s"));
    }

    @Test
    void missingSecretsLeaveTheChannelOutAndSayWhere() {
        Notifier n = Notifier.from(f.config(), k -> null, RetryPolicy.standard(), f.time, f.time, () -> 0);
        assertThat(n.channels()).isEmpty();
        assertThat(n.unavailable()).containsExactly("slack webhookUrl: environment variable SLACK_WEBHOOK is not set",
                "pagerduty routingKey: environment variable PD_KEY is not set", "github token: environment variable GH_TOKEN is not set");
        assertThat(n.announce(new Notice.Declared(NotifyFixture.incident(Severity.P0), AT), f.listener)).isEmpty();
    }

    @Test
    void badInputIsRefusedWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> new IncidentBrief("INC-0", "t", Severity.P1, IncidentStatus.INVESTIGATING, List.of(), "",
                Optional.empty(), List.of())).hasMessage("an incident id is INC-<n>, not INC-0");
        assertThatThrownBy(() -> new IncidentBrief.Link("x", URI.create("javascript:alert(1)"))).isInstanceOf(IllegalArgumentException.class);
        Notifier n = Notifier.from(f.config(), Map.of("GH_TOKEN", "bad token " + NotifyFixture.TOKEN)::get, RetryPolicy.standard(),
                f.time, f.time, () -> 0);
        assertThat(n.gitHub()).isEmpty();
        n.unavailable().forEach(NoSecretLeavesTest::assertClean);
    }
}
