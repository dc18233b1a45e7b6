package io.pitcrew.notify;

import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.pitcrew.notify.NotifyFixture.AT;
import static org.assertj.core.api.Assertions.assertThat;

/** PagerDuty Events API v2: trigger / acknowledge / resolve with one dedup key, and the retry policy. */
class PagerDutyEventsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final NotifyFixture f = new NotifyFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    private JsonNode event(int i) {
        return JSON.readTree(f.pagerDuty.received().get(i).body());
    }

    @Test
    void triggerAcknowledgeResolveShareOneDedupKey() {
        PagerDutyEvents pd = f.notifier().pagerDuty().orElseThrow();
        IncidentBrief i = NotifyFixture.incident(Severity.P1);

        Delivery<String> t = pd.trigger(new Notice.Escalated(i, AT, "users blocked", NotifyFixture.CONTACTS.escalationOrder()), f.listener);
        Delivery<String> a = pd.acknowledge("INC-7", f.listener);
        Delivery<String> r = pd.resolve("INC-7", f.listener);

        assertThat(List.of(t, a, r)).containsExactly(new Delivery.Delivered<>(Channel.PAGERDUTY, "pitcrew-INC-7", 1),
                new Delivery.Delivered<>(Channel.PAGERDUTY, "pitcrew-INC-7", 1), new Delivery.Delivered<>(Channel.PAGERDUTY, "pitcrew-INC-7", 1));
        assertThat(f.pagerDuty.received()).extracting(FakeService.Received::path).containsOnly("/v2/enqueue");
        for (int n = 0; n < 3; n++) {
            assertThat(event(n).path("routing_key").asString()).isEqualTo(NotifyFixture.ROUTING_KEY);
            assertThat(event(n).path("dedup_key").asString()).isEqualTo("pitcrew-INC-7");
        }
        assertThat(List.of(0, 1, 2)).extracting(n -> event(n).path("event_action").asString())
                .containsExactly("trigger", "acknowledge", "resolve");
        JsonNode p = event(0).path("payload");
        assertThat(p.path("summary").asString()).isEqualTo("[P1] INC-7 Workspaces restarting in us-west-2 — 3 workspace pods evicted for ephemeral storage; users lose progress");
        assertThat(p.path("severity").asString()).isEqualTo("error");
        assertThat(p.path("source").asString()).isEqualTo("us-west-2");
        assertThat(p.path("timestamp").asString()).isEqualTo("2026-11-25T14:00:00Z");
        assertThat(p.path("component").asString()).isEqualTo("coder");
        assertThat(p.path("group").asString()).isEqualTo("workshop");
        assertThat(p.at("/custom_details/incident").asString()).isEqualTo("INC-7");
        assertThat(p.at("/custom_details/commander").asString()).isEqualTo("Dana Ops");
        assertThat(p.at("/custom_details/reason").asString()).isEqualTo("users blocked");
        assertThat(event(1).has("payload")).isFalse();
        assertThat(event(2).has("payload")).isFalse();
    }

    @Test
    void severitiesMapOntoPagerDutysAndOnlyP0AndP1Page() {
        assertThat(List.of(Severity.values())).extracting(PagerDutyEvents::severity).containsExactly("critical", "error", "warning", "info");
        Notifier n = f.notifier();
        assertThat(List.of(Severity.values())).extracting(n::shouldPage).containsExactly(true, true, false, false);

        n.announce(new Notice.Escalated(NotifyFixture.incident(Severity.P2), AT, "", List.of()), f.listener);
        assertThat(f.pagerDuty.received()).isEmpty();
        n.announce(new Notice.Escalated(NotifyFixture.incident(Severity.P0), AT, "", List.of()), f.listener);
        n.announce(new Notice.Acknowledged(NotifyFixture.incident(Severity.P0), AT, "Riley"), f.listener);
        assertThat(List.of(0, 1)).extracting(i -> event(i).path("event_action").asString()).containsExactly("trigger", "acknowledge");
        assertThat(event(0).at("/payload/severity").asString()).isEqualTo("critical");
    }

    @Test
    void theSummaryKeepsPagerDutysLimit() {
        IncidentBrief i = new IncidentBrief("INC-9", "t", Severity.P0, IncidentStatus.INVESTIGATING, List.of(), "s".repeat(3000),
                Optional.empty(), List.of());
        f.notifier().pagerDuty().orElseThrow().trigger(new Notice.Escalated(i, AT, "", List.of()), f.listener);
        assertThat(event(0).at("/payload/summary").asString()).hasSize(1024).endsWith("…");
        assertThat(event(0).at("/payload/source").asString()).isEqualTo("pitcrew");
    }

    @Test
    void aBadEventIsNotRetried() {
        f.pagerDuty.then(FakeService.PD_INVALID);
        Delivery<String> d = f.notifier().pagerDuty().orElseThrow().resolve("INC-7", f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> {
            assertThat(x.reason()).isEqualTo("HTTP 400: PagerDuty refused the event (Event object is invalid); 'payload.summary' is missing or blank");
            assertThat(x.lastStatus()).hasValue(400);
        });
        assertThat(f.pagerDuty.received()).hasSize(1);
        assertThat(f.time.waits).isEmpty();
    }

    @Test
    void aSuccessStatusWithoutItsAnswerMayHaveBeenTakenSoItIsNotSentAgain() {
        // a proxy or a changed API answering 202 with a body that is not the Events API's: PagerDuty may have the
        // event, so it is neither called refused nor sent again (a second trigger could page twice)
        f.pagerDuty.then(FakeService.Reply.json(202, "<html>accepted</html>"));
        Delivery<String> d = f.notifier().pagerDuty().orElseThrow().resolve("INC-7", f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> assertThat(x.reason()).isEqualTo(
                "HTTP 202 from PagerDuty without its \"status\": \"success\" answer: the event may have been taken; "
                        + "look in PagerDuty before sending it again"));
        assertThat(f.pagerDuty.received()).hasSize(1);
        assertThat(f.time.waits).isEmpty();
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedWithExponentialBackoff() {
        f.pagerDuty.then(FakeService.PD_DOWN, FakeService.PD_THROTTLED, FakeService.PD_DOWN);
        Delivery<String> d = f.notifier().pagerDuty().orElseThrow().acknowledge("INC-7", f.listener);

        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(4);
        // 1 s, 2 s, 4 s, each cut by jitter 0.5 × random 0.5 = 25 %
        assertThat(f.time.waits).containsExactly(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000));
        assertThat(f.attempts).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.WILL_RETRY,
                Attempt.Outcome.WILL_RETRY, Attempt.Outcome.WILL_RETRY, Attempt.Outcome.DELIVERED);
        assertThat(f.attempts).extracting(Attempt::number).containsExactly(1, 2, 3, 4);
        assertThat(f.attempts.get(1).detail()).startsWith("rate limited: {\"status\":\"throttle event\"");
        assertThat(f.pagerDuty.received()).extracting(FakeService.Received::body).containsOnly(f.pagerDuty.received().getFirst().body());
    }

    @Test
    void attemptsAreBounded() {
        f.pagerDuty.then(FakeService.PD_DOWN, FakeService.PD_DOWN, FakeService.PD_DOWN, FakeService.PD_DOWN, FakeService.PD_DOWN);
        Delivery<String> d = f.notifier(NotifyFixture.quick(3, Duration.ofMinutes(5))).pagerDuty().orElseThrow().resolve("INC-7", f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> {
            assertThat(x.attempts()).isEqualTo(3);
            assertThat(x.reason()).endsWith("gave up after 3 attempts");
        });
        assertThat(f.pagerDuty.received()).hasSize(3);
        assertThat(f.attempts).extracting(Attempt::outcome).endsWith(Attempt.Outcome.GAVE_UP);
    }

    @Test
    void totalTimeIsBounded() {
        for (int i = 0; i < 20; i++) f.pagerDuty.then(FakeService.PD_DOWN);
        Delivery<String> d = f.notifier(NotifyFixture.quick(20, Duration.ofSeconds(10))).pagerDuty().orElseThrow().resolve("INC-7", f.listener);

        assertThat(d.delivered()).isFalse();
        assertThat(f.time.slept()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        // 0.75 + 1.5 + 3 = 5.25 s slept; the next wait (6 s) would end past 10 s
        assertThat(d.attempts()).isEqualTo(4);
        assertThat(((Delivery.Failed<String>) d).reason()).endsWith("the next try would end past the 10 s bound");
    }

    @Test
    void aServiceThatIsNotThereIsRetriedThenReported() {
        String url = f.pagerDuty.url();
        f.pagerDuty.close(); // nothing listens there now
        Delivery<String> d = f.notifier(NotifyFixture.quick(2, Duration.ofSeconds(30))).pagerDuty().orElseThrow().resolve("INC-7", f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> {
            assertThat(x.reason()).isEqualTo("connection refused by " + url.substring("http://".length()) + "; gave up after 2 attempts");
            assertThat(x.lastStatus()).isEmpty();
        });
        assertThat(f.attempts).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.WILL_RETRY, Attempt.Outcome.GAVE_UP);
    }

    @Test
    void anythingButAnIncidentIdIsRefusedBeforeSending() {
        Delivery<String> d = f.notifier().pagerDuty().orElseThrow().acknowledge("INC-7 \"}", f.listener);
        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> assertThat(x.attempts()).isZero());
        assertThat(f.pagerDuty.received()).isEmpty();
    }

    @Test
    void aListenerThatThrowsDoesNotStopDelivery() {
        Delivery<String> d = f.notifier().pagerDuty().orElseThrow().resolve("INC-7", a -> { throw new IllegalStateException("timeline down"); });
        assertThat(d.delivered()).isTrue();
    }
}
