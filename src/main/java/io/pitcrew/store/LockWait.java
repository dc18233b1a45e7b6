package io.pitcrew.store;

import org.sqlite.BusyHandler;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What a connection does when another holds the SQLite lock it needs: waits a few seconds, saying so once it has
 * waited more than a moment, then gives up (SQLITE_BUSY, which {@link StoreException} says as "locked by another
 * writer"). A plain busy timeout would wait in silence; two people writing at once wait milliseconds, so anything
 * longer is someone holding the lock (a stuck pitcrew, a sqlite3 shell with a transaction open) and worth saying.
 */
final class LockWait extends BusyHandler {

    static final Duration PATIENCE = Duration.ofSeconds(5);
    static final Duration A_MOMENT = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 20;

    private final String where;
    private final Consumer<String> waiting;
    private final AtomicBoolean told;
    private long started;

    /** @param told shared by every connection of one store, so the wait is said once per command, not per transaction */
    LockWait(String where, Consumer<String> waiting, AtomicBoolean told) {
        this.where = where;
        this.waiting = waiting;
        this.told = told;
    }

    /** SQLite calls this each time the lock is still taken; {@code previous} is 0 on the first call of a wait. */
    @Override
    protected int callback(int previous) {
        long now = System.nanoTime();
        if (previous == 0) started = now;
        Duration waited = Duration.ofNanos(now - started);
        if (waited.compareTo(PATIENCE) >= 0) return 0;
        if (waited.compareTo(A_MOMENT) >= 0 && told.compareAndSet(false, true)) {
            waiting.accept("waiting for " + where + ": another writer holds its lock (giving up after "
                    + PATIENCE.toSeconds() + "s)");
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        return 1;
    }
}
