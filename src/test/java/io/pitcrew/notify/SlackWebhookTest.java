package io.pitcrew.notify;

import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.pitcrew.notify.NotifyFixture.AT;
import static org.assertj.core.api.Assertions.assertThat;

/** Slack incoming webhook: the Block Kit payload Slack receives, and what each of its answers leads to. */
class SlackWebhookTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final NotifyFixture f = new NotifyFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    static List<Notice> everyKind(IncidentBrief i) {
        return List.of(new Notice.Declared(i, AT), new Notice.Acknowledged(i, AT, "Riley"),
                new Notice.SeverityChanged(i, AT, Severity.P2), new Notice.StatusChanged(i, AT, IncidentStatus.INVESTIGATING),
                new Notice.ParticipantUpdate(i, AT, "Workspaces in Oregon may restart; save your work."),
                new Notice.Escalated(i, AT, "P1 for 20 minutes", NotifyFixture.CONTACTS.escalationOrder()),
                new Notice.Resolved(i, AT, "ephemeral storage exhausted by build caches"));
    }

    @Test
    void declaredIsABlockKitMessageWithFallbackText() {
        Delivery<String> d = f.notifier().slack().orElseThrow().send(new Notice.Declared(NotifyFixture.incident(Severity.P1), AT), f.listener);

        assertThat(d).isEqualTo(new Delivery.Delivered<>(Channel.SLACK, "ok", 1));
        FakeService.Received r = f.slack.received().getFirst();
        assertThat(r.path()).isEqualTo("/services/T0001/B0001/" + NotifyFixture.WEBHOOK_SECRET);
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        JsonNode m = JSON.readTree(r.body());
        assertThat(m.path("text").asString()).isEqualTo("P1 INC-7 declared: Workspaces restarting in us-west-2");
        assertThat(m.path("blocks").valueStream().map(b -> b.path("type").asString()))
                .containsExactly("header", "section", "section", "context", "divider");
        assertThat(m.at("/blocks/0/text/type").asString()).isEqualTo("plain_text");
        assertThat(m.at("/blocks/1/text/type").asString()).isEqualTo("mrkdwn");
        assertThat(m.at("/blocks/1/text/text").asString()).contains("*Incident declared.*", "users lose progress");
        assertThat(m.at("/blocks/2/fields").valueStream().map(x -> x.path("text").asString()))
                .containsExactly("*Severity*\nP1 (High)", "*Status*\ninvestigating", "*Commander*\nDana Ops", "*Regions*\nus-west-2");
        assertThat(m.at("/blocks/3/elements/0/text").asString())
                .isEqualTo("pitcrew · INC-7 · 2026-11-25 14:00 UTC · <https://example.com/runbook#workspace-restarts|runbook>");
        assertThat(f.attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Attempt.Outcome.DELIVERED);
            assertThat(a.status()).hasValue(200);
        });
    }

    @Test
    void everyKindOfNoticeKeepsSlacksLimits() {
        String longText = "x".repeat(5000);
        IncidentBrief i = new IncidentBrief("INC-12", "t".repeat(400), Severity.P0, IncidentStatus.IDENTIFIED,
                List.of("us-east-2", "us-west-2", "eu-west-2"), longText, Optional.empty(), List.of());
        for (Notice n : everyKind(i)) {
            JsonNode m = JSON.valueToTree(SlackMessage.of(n));
            JsonNode blocks = m.path("blocks");
            assertThat(blocks.size()).isBetween(1, 50);
            assertThat(m.path("text").asString().length()).isLessThanOrEqualTo(3000);
            for (JsonNode b : blocks) {
                switch (b.path("type").asString()) {
                    case "header" -> assertThat(b.at("/text/text").asString()).hasSizeLessThanOrEqualTo(150).endsWith("…");
                    case "section" -> {
                        assertThat(b.at("/text/text").asString("")).hasSizeLessThanOrEqualTo(3000);
                        assertThat(b.path("fields").size()).isLessThanOrEqualTo(10);
                        b.path("fields").forEach(x -> assertThat(x.path("text").asString()).hasSizeLessThanOrEqualTo(2000));
                    }
                    case "context", "divider" -> { }
                    default -> throw new AssertionError("unexpected block " + b);
                }
            }
        }
    }

    @Test
    void mrkdwnControlCharactersAreEscapedSoNobodyIsPingedOrMisled() {
        IncidentBrief i = new IncidentBrief("INC-3", "Ops <&> team", Severity.P2, IncidentStatus.MONITORING,
                List.of("us-west-2"), "<!channel> R&D sees <https://evil.example|the status page>", Optional.of("<@U123>"), List.of());
        JsonNode m = JSON.valueToTree(SlackMessage.of(new Notice.StatusChanged(i, AT, IncidentStatus.IDENTIFIED)));

        String section = m.at("/blocks/1/text/text").asString();
        assertThat(section).contains("&lt;!channel&gt; R&amp;D sees &lt;https://evil.example|the status page&gt;")
                .doesNotContain("<!channel>");
        assertThat(m.path("text").asString()).contains("Ops &lt;&amp;&gt; team");
        assertThat(m.at("/blocks/2/fields/2/text").asString()).isEqualTo("*Commander*\n&lt;@U123&gt;");
        assertThat(m.at("/blocks/0/text/text").asString()).contains("Ops <&> team"); // plain_text shows it as written
    }

    @Test
    void anEscapeIsNeverCutInHalf() {
        String cut = SlackMessage.cut("a".repeat(2996) + "&amp;bbbb", 3000);
        assertThat(cut).hasSizeLessThanOrEqualTo(3000).endsWith("a…");
    }

    @Test
    void invalidPayloadAndChannelNotFoundAreNotRetried() {
        f.slack.then(FakeService.SLACK_INVALID, FakeService.SLACK_NO_CHANNEL);
        SlackWebhook slack = f.notifier().slack().orElseThrow();
        Notice n = new Notice.Declared(NotifyFixture.incident(Severity.P1), AT);

        Delivery<String> bad = slack.send(n, f.listener);
        Delivery<String> gone = slack.send(n, f.listener);

        assertThat(bad).isInstanceOfSatisfying(Delivery.Failed.class, x -> {
            assertThat(x.reason()).isEqualTo("HTTP 400: Slack could not read the message (invalid_payload)");
            assertThat(x.attempts()).isEqualTo(1);
        });
        assertThat(gone).isInstanceOfSatisfying(Delivery.Failed.class, x -> assertThat(x.reason())
                .isEqualTo("HTTP 404: the webhook's channel or app is gone (channel_not_found); make a new webhook"));
        assertThat(f.slack.received()).hasSize(2);
        assertThat(f.time.waits).isEmpty();
        assertThat(f.attempts).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.REFUSED, Attempt.Outcome.REFUSED);
    }

    @Test
    void rateLimitedWaitsForRetryAfterThenDelivers() {
        f.slack.then(FakeService.slackRateLimited(3));
        Delivery<String> d = f.notifier().slack().orElseThrow().send(new Notice.Declared(NotifyFixture.incident(Severity.P1), AT), f.listener);

        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(f.time.waits).containsExactly(Duration.ofSeconds(3));
        assertThat(f.attempts).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.WILL_RETRY, Attempt.Outcome.DELIVERED);
        assertThat(f.attempts.getFirst().nextRetry()).hasValue(Duration.ofSeconds(3));
        assertThat(f.attempts.getFirst().describe()).isEqualTo("slack attempt 1: HTTP 429 will retry (rate limited: rate_limited); retry in 3000 ms");
        // the same message both times
        assertThat(f.slack.received()).extracting(FakeService.Received::body).containsOnly(f.slack.received().getFirst().body());
    }

    @Test
    void aRetryAfterBeyondTheBoundGivesUpAtOnce() {
        f.slack.then(FakeService.slackRateLimited(120));
        Delivery<String> d = f.notifier(NotifyFixture.quick(5, Duration.ofSeconds(30))).slack().orElseThrow()
                .send(new Notice.Declared(NotifyFixture.incident(Severity.P1), AT), f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> assertThat(x.reason())
                .isEqualTo("rate limited: rate_limited; gave up asked to retry after 120 s, past the 30 s bound"));
        assertThat(f.time.waits).isEmpty();
        assertThat(f.attempts).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.GAVE_UP);
    }

    @Test
    void theNotifierSendsEveryNoticeToSlack() {
        Notifier n = f.notifier();
        List<Delivery<?>> all = new ArrayList<>();
        for (Notice notice : everyKind(NotifyFixture.incident(Severity.P3))) all.addAll(n.announce(notice, f.listener));

        // P3: Slack for all seven; PagerDuty only to resolve (a no-op for a key it never saw)
        assertThat(f.slack.received()).hasSize(7);
        assertThat(f.pagerDuty.received()).hasSize(1);
        assertThat(all).allMatch(Delivery::delivered);
        assertThat(n.channels()).containsExactly("slack → 127.0.0.1:" + f.slack.url().substring(f.slack.url().lastIndexOf(':') + 1)
                        + "/services/… (#workshop-incidents)",
                "pagerduty → " + f.pagerDuty.url() + "/v2/enqueue", "github → acme/platform issues");
    }
}
