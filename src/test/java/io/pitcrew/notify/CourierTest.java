package io.pitcrew.notify;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Courier#post}: one try against a service in its wire format, and what it came to; never a second request. */
class CourierTest {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final FakeService service = FakeService.slack();
    final FakeTime time = new FakeTime();
    final Courier courier = new Courier(Channel.SLACK, NotifyFixture.quick(5, Duration.ofMinutes(1)), time, time, () -> 0.5);
    final URI uri = URI.create(service.url() + "/services/T0001/B0001/secret");

    @AfterEach
    void stop() {
        service.close();
    }

    private Courier.Posted<String> post(Duration timeout) {
        return courier.post(uri, Map.of(), "{\"text\":\"hi\"}", (status, body) -> status == 200
                ? new Courier.Reading.Accepted<>(body, "took it")
                : new Courier.Reading.Refused<>("HTTP " + status + ": " + body), timeout);
    }

    @Test
    void anAnswerTheChannelTakesIsAccepted() {
        assertThat(post(TIMEOUT)).isEqualTo(new Courier.Posted.Accepted<>("ok", "took it", OptionalInt.of(200)));
        assertThat(service.received()).hasSize(1);
    }

    @Test
    void anAnswerTheChannelRefusesIsRefusedAndFinal() {
        service.then(FakeService.SLACK_INVALID);
        assertThat(post(TIMEOUT)).isEqualTo(new Courier.Posted.Refused<>("HTTP 400: invalid_payload", OptionalInt.of(400)));
        assertThat(service.received()).hasSize(1);
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryableWithTheWaitAskedForButNotRetriedHere() {
        service.then(FakeService.slackRateLimited(7), FakeService.Reply.text(503, "down for maintenance"));
        assertThat(post(TIMEOUT)).isEqualTo(new Courier.Posted.Retryable<>("rate limited: rate_limited", OptionalInt.of(429),
                Optional.of(Duration.ofSeconds(7))));
        assertThat(post(TIMEOUT)).isEqualTo(new Courier.Posted.Retryable<>("server error: down for maintenance", OptionalInt.of(503),
                Optional.empty()));
        assertThat(service.received()).hasSize(2);
        assertThat(time.waits).as("one try waits for nothing").isEmpty();
    }

    @Test
    void aServiceThatIsNotThereIsRetryableAndOneThatDoesNotAnswerIsNot() {
        service.then(FakeService.SLACK_OK.after(3_000));
        assertThat(post(Duration.ofMillis(200))).as("sent, maybe acted on").isInstanceOf(Courier.Posted.Unanswered.class)
                .extracting(Courier.Posted::status).isEqualTo(OptionalInt.empty());
        service.close();
        assertThat(post(TIMEOUT)).isEqualTo(new Courier.Posted.Retryable<>("connection refused by " + uri.getAuthority(),
                OptionalInt.empty(), Optional.empty()));
    }
}
