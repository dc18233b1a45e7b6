package io.pitcrew.config;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An exec plugin's or a tokenFile's token, fetched again once a minute while pitcrew runs. */
class RefreshingTokenTest {

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void theFirstTokenIsUsedForAMinuteThenFetchedAgain() {
        Hands clock = new Hands();
        Deque<String> plugin = new ArrayDeque<>(List.of("token-two-abcdef", "token-three-abcdef"));
        RefreshingToken token = new RefreshingToken("token-one-abcdef", plugin::poll, clock);

        assertThat(token.getToken()).isEqualTo("token-one-abcdef");
        clock.now = clock.now.plus(RefreshingToken.EVERY).minusSeconds(1);
        assertThat(token.getToken()).isEqualTo("token-one-abcdef");
        assertThat(plugin).hasSize(2);
        clock.now = clock.now.plusSeconds(1);
        assertThat(token.getToken()).isEqualTo("token-two-abcdef");
        assertThat(token.getToken()).isEqualTo("token-two-abcdef");
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(token.getToken()).isEqualTo("token-three-abcdef");
    }

    @Test
    void aFetchThatFailsOrYieldsNothingKeepsTheLastToken() {
        Hands clock = new Hands();
        Deque<Object> answers = new ArrayDeque<>(List.of("", new IllegalStateException("plugin exited 1"), "token-later-abcdef"));
        RefreshingToken token = new RefreshingToken("token-first-abcdef", () -> {
            Object next = answers.poll();
            if (next instanceof RuntimeException e) throw e;
            return (String) next;
        }, clock);

        clock.now = clock.now.plus(RefreshingToken.EVERY);
        assertThat(token.getToken()).isEqualTo("token-first-abcdef");
        clock.now = clock.now.plus(RefreshingToken.EVERY);
        assertThat(token.getToken()).isEqualTo("token-first-abcdef");
        clock.now = clock.now.plus(RefreshingToken.EVERY);
        assertThat(token.getToken()).isEqualTo("token-later-abcdef");
    }

    @Test
    void withoutAFirstTokenTheFirstRequestFetchesOne() {
        RefreshingToken token = new RefreshingToken(null, () -> "from-the-file-abcdef\n", new Hands());

        assertThat(token.getToken()).isEqualTo("from-the-file-abcdef");
    }
}
