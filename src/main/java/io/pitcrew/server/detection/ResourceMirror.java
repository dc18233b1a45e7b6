package io.pitcrew.server.detection;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.pitcrew.observe.PagedList;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One kind of object of one region, kept current as Kubernetes clients do: listed in pages of 500 ({@link PagedList}, as
 * doctor lists), then watched from the list's resourceVersion, so the API server sends only what changed since the
 * list — nothing is replayed, and nothing deleted between the list and the watch is missed. A watch that drops is
 * resumed by Fabric8 from the last resourceVersion it saw (bookmarks keep that current on a quiet watch); when the
 * server no longer has it (410 Gone, "too old resource version") or the watch fails otherwise, the kind is listed
 * again, which drops whatever the new list lacks, and watched from the new list. Objects are reduced by {@code keep}
 * as they arrive, a page at a time, so a Secret's data never reaches the cache and no list is ever held whole.
 *
 * @param <T> the Kubernetes kind
 * @param <V> what is kept of each object
 */
final class ResourceMirror<T extends HasMetadata, V> implements AutoCloseable {

    /** How one kind is listed (a page) and watched; an essential kind that cannot be listed makes the region unreachable. */
    record Source<T extends HasMetadata>(String what, boolean essential, Function<ListOptions, ? extends KubernetesResourceList<T>> list,
                                         BiFunction<ListOptions, Watcher<T>, Watch> watch) {

        /** The objects a Fabric8 client selects (a kind, in one namespace or all). */
        static <T extends HasMetadata> Source<T> of(String what, boolean essential,
                                                    FilterWatchListDeletable<T, ? extends KubernetesResourceList<T>, ?> objects) {
            return new Source<>(what, essential, objects::list, objects::watch);
        }
    }

    /** A whole list, read page by page: what is kept of its objects, and the resourceVersion it was read at. */
    private record Listing<V>(Map<String, V> items, String resourceVersion) {}

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
    /** Where lists run: a list waiting on a region that stopped answering holds its own thread, not the scheduler's. */
    private final Executor lists;
    private final AtomicLong reconnects;
    private volatile Map<String, V> items = new ConcurrentSkipListMap<>();
    private volatile Sync sync = new Sync.Pending();
    private volatile Instant listedAt = Instant.MIN;
    private volatile Watch watch;
    /** Which watch is current: events still arriving from a dropped one are ignored. */
    private volatile int generation;
    private volatile boolean closed;
    private Duration retry = FIRST_RETRY;

    ResourceMirror(Source<T> source, Function<T, V> keep, Runnable changed, ScheduledExecutorService scheduler, Executor lists,
                   AtomicLong reconnects) {
        this.source = source;
        this.keep = keep;
        this.changed = changed;
        this.scheduler = scheduler;
        this.lists = lists;
        this.reconnects = reconnects;
    }

    void start() {
        lists.execute(this::listAndWatch);
    }

    String what() { return source.what(); }

    boolean essential() { return source.essential(); }

    Sync sync() { return sync; }

    /** When the latest list succeeded. */
    Instant listedAt() { return listedAt; }

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
        Listing<V> listed;
        try {
            listed = list();
        } catch (RuntimeException e) {
            sync = new Sync.Failed(e);
            scheduleRelist();
            changed.run();
            return;
        }
        items = listed.items();
        listedAt = Instant.now();
        sync = new Sync.Listed();
        try {
            // from the list's resourceVersion: the server sends what changed since, and nothing else
            ListOptions from = new ListOptionsBuilder().withResourceVersion(listed.resourceVersion()).withAllowWatchBookmarks(true).build();
            watch = source.watch().apply(from, new Listener(++generation));
            retry = FIRST_RETRY;
        } catch (RuntimeException e) {
            // the list answered, so the region is read and its objects are current; only the watch was refused (410
            // Gone: the list's resourceVersion already compacted away, or a proxy that cannot stream): list again,
            // with backoff, until a watch holds — never the region called unreachable for it
            reconnects.incrementAndGet();
            scheduleRelist();
        }
        changed.run();
    }

    /** Every page of the list, each reduced as it arrives, started again if the server forgets the list midway. */
    private Listing<V> list() {
        PagedList.Read<Map.Entry<String, V>> read = PagedList.read(source.list(), PagedList.PAGE, item -> Map.entry(key(item), keep.apply(item)));
        Map<String, V> listed = new ConcurrentSkipListMap<>();
        read.items().forEach(e -> listed.put(e.getKey(), e.getValue()));
        return new Listing<>(listed, read.resourceVersion());
    }

    private synchronized void scheduleRelist() {
        if (closed) return;
        Duration wait = retry;
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        scheduler.schedule(() -> {
            try {
                lists.execute(this::listAndWatch);
            } catch (RejectedExecutionException e) {
                // serve is closing
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
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

        /** Fabric8 resumed what it could; this is a watch it cannot resume (410 Gone, a broken stream): list again. */
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
