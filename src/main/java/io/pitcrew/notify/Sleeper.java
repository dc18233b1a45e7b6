package io.pitcrew.notify;

import java.time.Duration;

/** Waits between tries; tests pass one that only moves a fake clock. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d);
}
