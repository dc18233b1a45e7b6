package io.pitcrew.config;

import java.time.Duration;
import java.time.Instant;

/**
 * One workshop: when it runs and how many people take part. From pitcrew.yaml's {@code workshops:}, or made for one run
 * of {@code pitcrew preflight --participants N --start ... --end ...}.
 *
 * @param end exclusive: at {@code end} the workshop is over
 */
public record Workshop(String name, Instant start, Instant end, int participants) {

    public Workshop {
        if (!end.isAfter(start)) throw new IllegalArgumentException("a workshop ends after it starts: " + start + " to " + end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** True while it runs: from its start, until its end. */
    public boolean runs(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** True while it runs or starts within {@code lead}: "inside or just before" the window. */
    public boolean near(Instant t, Duration lead) {
        return t.isBefore(end) && !t.isBefore(start.minus(lead));
    }

    /** True once it has ended. */
    public boolean over(Instant t) {
        return !t.isBefore(end);
    }
}
