package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.pitcrew.config.Names;
import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.pitcrew.check.SnapshotFixture.NOW;
import static io.pitcrew.check.SnapshotFixture.deployment;
import static io.pitcrew.check.SnapshotFixture.line;
import static io.pitcrew.check.SnapshotFixture.region;
import static org.assertj.core.api.Assertions.assertThat;

/** The key rotator's next rotation from its log: announced, else last plus the interval it names or shows, else the runbook's 4-5 h. */
class RotationForecastTest {

    private static final Deployment ROTATOR = deployment("litellm", "litellm-key-rotator", 1, 1);

    private static Optional<RotationForecast> forecast(Deployment rotator, LogLine... lines) {
        return RotationForecast.of(region().deployments(rotator).log(LogTail.Component.KEY_ROTATOR, "litellm", "litellm-key-rotator-x", lines).build(),
                Names.defaults());
    }

    private static Instant in(Duration d) {
        return NOW.plus(d);
    }

    @Test
    void anAnnouncementSaysWhenAndFollowingOnesComeEveryIntervalItNames() {
        RotationForecast f = forecast(ROTATOR,
                line(Duration.ofMinutes(182), "rotating LiteLLM virtual keys (38 keys, schedule every 4h30m)"),
                line(Duration.ofMinutes(180), "rotated 38 virtual keys"),
                line(Duration.ofMinutes(180), "next rotation in 4h24m")).orElseThrow();
        Instant next = NOW.minus(Duration.ofMinutes(180)).plus(Duration.ofMinutes(264));
        assertThat(f.next()).contains(next);
        assertThat(f.how()).contains("\"next rotation in 4h24m\"");
        assertThat(f.dueWithin(NOW, in(Duration.ofHours(2)))).map(RotationForecast.Due::earliest).contains(next);
        assertThat(f.dueWithin(in(Duration.ofHours(2)), in(Duration.ofHours(5)))).as("the next is 4h30m later").isEmpty();
        assertThat(f.dueWithin(in(Duration.ofHours(5)), in(Duration.ofHours(7)))).map(RotationForecast.Due::earliest)
                .contains(next.plus(Duration.ofMinutes(270)));
    }

    @Test
    void withoutAnAnnouncementTheIntervalBetweenTheLastTwoRotations() {
        RotationForecast f = forecast(ROTATOR,
                line(Duration.ofHours(5), "rotated 40 virtual keys"),
                line(Duration.ofHours(1), "rotated 40 virtual keys")).orElseThrow();
        assertThat(f.interval()).contains(Duration.ofHours(4));
        assertThat(f.dueWithin(NOW, in(Duration.ofHours(4)))).map(RotationForecast.Due::describe).contains(in(Duration.ofHours(3)).toString());
    }

    @Test
    void onlyALastRotationGivesTheRunbooksFourToFiveHours() {
        RotationForecast f = forecast(ROTATOR, line(Duration.ofHours(1), "rotated 40 virtual keys")).orElseThrow();
        assertThat(f.dueWithin(NOW, in(Duration.ofHours(8)))).contains(new RotationForecast.Due(in(Duration.ofHours(3)), in(Duration.ofHours(4))));
        assertThat(f.dueWithin(NOW, in(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void aPausedRotatorRotatesNothingUntilItsResumeTime() {
        Deployment paused = new DeploymentBuilder(deployment("litellm", "litellm-key-rotator", 0, 0)).editMetadata()
                .addToAnnotations("pitcrew.io/resume-at", in(Duration.ofHours(3)).toString()).endMetadata().build();
        LogLine announced = line(Duration.ofMinutes(10), "next rotation in 1h");
        RotationForecast f = forecast(paused, line(Duration.ofMinutes(11), "rotated 40 virtual keys"), announced).orElseThrow();
        assertThat(f.state()).isEqualTo(RotationForecast.State.PAUSED);
        assertThat(f.dueWithin(NOW, in(Duration.ofHours(3)))).isEmpty();
        Deployment byHand = deployment("litellm", "litellm-key-rotator", 0, 0);
        assertThat(forecast(byHand, line(Duration.ofMinutes(11), "rotated 40 virtual keys"), announced).orElseThrow()
                .dueWithin(NOW, in(Duration.ofDays(1)))).as("paused by hand: until someone resumes it").isEmpty();
    }

    @Test
    void nothingToPredictFromAndNoRotatorAtAll() {
        RotationForecast quiet = forecast(ROTATOR, line(Duration.ofMinutes(5), "key check: 38 virtual keys valid")).orElseThrow();
        assertThat(quiet.known()).isFalse();
        assertThat(quiet.dueWithin(NOW, in(Duration.ofHours(8)))).isEmpty();
        assertThat(RotationForecast.of(region().build(), Names.defaults())).as("a proxy region").isEmpty();
    }
}
