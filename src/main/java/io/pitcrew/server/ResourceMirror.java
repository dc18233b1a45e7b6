package io.pitcrew.server;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind of object of one region, kept current: listed once, then watched. When the watch closes with an error
 * (the API server went away, or a real one's 410 Gone) the kind is listed again before it is watched again: a watch
 * re-opened without a list would never hear of what was deleted meanwhile (Fabric8's mock server replays only what
 * exists as ADDED). Objects are reduced by {@code keep} as they arrive, so a Secret's data never reaches the cache.
 *
 * @param <T> the Kubernetes kind
 * @param <V> what is kept of each object
 */
final class ResourceMirror<T extends HasMetadata, V> implements AutoCloseable {

    /** How one kind is listed and watched; an essential kind that cannot be listed makes the region unreachable. */
    record Source<T extends HasMetadata>(String what, boolean essential, Supplier<List<T>> list, Function<Watcher<T>, Watch> watch) {}

    /** The outcome of the latest list: none yet, listed, or failed with why. */
    sealed interface Sync {
        record Pending() implements Sync {}
        record Listed() implements Sync {}
        record Failed(Throwable error) implements Sync {}
    }

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final Source<T> source;
    private final Function<T, V> keep;
    private final Runnable changed;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong reconnects;
    private volatile Map<String, V> items = new ConcurrentSkipListMap<>();
    private volatile Sync sync = new Sync.Pending();
    private volatile java.time.Instant listedAt = java.time.Instant.MIN;
    private volatile Watch watch;
    /** Which watch is current: events still arriving from a dropped one are ignored. */
    private volatile int generation;
    private volatile boolean closed;
    private Duration retry = FIRST_RETRY;

    ResourceMirror(Source<T> source, Function<T, V> keep, Runnable changed, ScheduledExecutorService scheduler, AtomicLong reconnects) {
        this.source = source;
        this.keep = keep;
        this.changed = changed;
        this.scheduler = scheduler;
        this.reconnects = reconnects;
    }

    void start() {
        scheduler.execute(this::listAndWatch);
    }

    String what() { return source.what(); }

    boolean essential() { return source.essential(); }

    Sync sync() { return sync; }

    /** When the latest list succeeded. */
    java.time.Instant listedAt() { return listedAt; }

    /**
     * The API server stopped answering although the watch never closed (a server gone without closing its
     * connections, a network partition): drop the watch, and list and watch again once it answers.
     */
    synchronized void relist() {
        Watch w = watch;
        watch = null;
        generation++;
        if (w != null) w.close();
        reconnects.incrementAndGet();
        retry = FIRST_RETRY;
        scheduleRelist();
    }

    List<V> items() {
        return List.copyOf(items.values());
    }

    private synchronized void listAndWatch() {
        if (closed) return;
        try {
            Map<String, V> listed = new ConcurrentSkipListMap<>();
            for (T item : source.list().get()) listed.put(key(item), keep.apply(item));
            items = listed;
            listedAt = java.time.Instant.now();
            watch = source.watch().apply(new Listener(++generation));
            sync = new Sync.Listed();
            retry = FIRST_RETRY;
        } catch (RuntimeException e) {
            sync = new Sync.Failed(e);
            scheduleRelist();
        }
        changed.run();
    }

    private synchronized void scheduleRelist() {
        if (closed) return;
        Duration wait = retry;
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        scheduler.schedule(this::listAndWatch, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String key(HasMetadata o) {
        return (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace()) + "/" + o.getMetadata().getName();
    }

    private final class Listener implements Watcher<T> {
        private final int of;

        Listener(int of) {
            this.of = of;
        }

        @Override
        public void eventReceived(Action action, T resource) {
            if (of != generation) return;
            switch (action) {
                case ADDED, MODIFIED -> items.put(key(resource), keep.apply(resource));
                case DELETED -> items.remove(key(resource));
                case ERROR, BOOKMARK -> { return; }
            }
            changed.run();
        }

        @Override
        public void onClose(WatcherException cause) {
            if (closed || of != generation) return;
            reconnects.incrementAndGet();
            scheduleRelist();
        }

        @Override
        public void onClose() {
            // closed by us
        }
    }

    @Override
    public void close() {
        closed = true;
        Watch w = watch;
        if (w != null) w.close();
    }
}
