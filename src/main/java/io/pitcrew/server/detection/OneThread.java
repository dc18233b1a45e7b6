package io.pitcrew.server.detection;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work done beside detection, in the order it came, on one virtual thread of its own: what the evaluation thread
 * hands over (a Slack message, a timeline line, a sighting) never delays it. Closing gives what is queued a few
 * seconds to finish.
 */
final class OneThread implements AutoCloseable {

    private final ScheduledExecutorService worker;

    OneThread(String name) {
        this.worker = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name(name).factory());
    }

    /** Runs {@code work} every {@code period} after the last run ended, on the same thread as what is queued. */
    void every(Duration period, Runnable work) {
        worker.scheduleWithFixedDelay(work, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues {@code work}; false once closing, when it is dropped. */
    boolean execute(Runnable work) {
        try {
            worker.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
