package io.pitcrew.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when the courier sleeps, so retry tests take no time and see every wait. */
final class FakeTime extends Clock implements Sleeper {

    private Instant now = Instant.parse("2026-11-25T14:00:00Z");
    final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration d) {
        waits.add(d);
        now = now.plus(d);
    }

    synchronized Duration slept() {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
