package io.pitcrew.server;

import io.javalin.http.sse.SseClient;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-sent events to many listeners: each event is serialised once by the caller, and each listener has its own
 * queue and at most one virtual thread writing it, in order, so a slow listener never holds up the others or the
 * sender. What a listener that falls behind gets depends on what the events are:
 * <ul>
 *   <li>{@link Backlog#EVERY} — changes (the responders' {@code /api/stream}): none may be skipped; one that falls
 *       {@value #MAX_BEHIND} events behind is dropped, and its EventSource reconnects to the current picture;</li>
 *   <li>{@link Backlog#NEWEST} — whole pictures (the status page): only the newest matters, so older ones not yet
 *       written are skipped.</li>
 * </ul>
 * A listener whose write fails is dropped.
 */
final class EventStream implements AutoCloseable {

    static final int MAX_BEHIND = 10_000;

    enum Backlog { EVERY, NEWEST }

    /** One server-sent event, already serialised. */
    record Event(String name, String data) {}

    private final Backlog backlog;
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

    EventStream(Backlog backlog) {
        this.backlog = backlog;
    }

    private final class Listener {
        final SseClient client;
        final Queue<Event> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger behind = new AtomicInteger();
        final AtomicBoolean writing = new AtomicBoolean();

        Listener(SseClient client) {
            this.client = client;
        }

        void offer(Event e) {
            if (backlog == Backlog.NEWEST) {
                // senders are one thread (the status page's worker): clearing, then adding, leaves the newest last
                behind.addAndGet(-drainCount());
            }
            if (behind.incrementAndGet() > MAX_BEHIND) {
                drop();
                return;
            }
            queue.add(e);
            if (writing.compareAndSet(false, true)) writers.execute(this::drain);
        }

        private int drainCount() {
            int n = 0;
            while (queue.poll() != null) n++;
            return n;
        }

        private void drain() {
            try {
                for (Event e; (e = queue.poll()) != null; ) {
                    behind.decrementAndGet();
                    client.sendEvent(e.name(), e.data());
                }
            } catch (RuntimeException ex) {
                drop();
                return;
            } finally {
                writing.set(false);
            }
            // an event queued between the last poll and the release: pick it up
            if (!queue.isEmpty() && writing.compareAndSet(false, true)) writers.execute(this::drain);
        }

        void drop() {
            listeners.remove(this);
            queue.clear();
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // gone already
            }
        }
    }

    /** A new listener gets {@code current} first, in order, before anything sent after it joined. */
    void add(SseClient client, Iterable<Event> current) {
        Listener l = new Listener(client);
        client.onClose(() -> listeners.remove(l));
        current.forEach(l::offer);
        listeners.add(l);
    }

    void send(Event e) {
        for (Listener l : listeners) {
            if (l.client.terminated()) l.drop();
            else l.offer(e);
        }
    }

    int size() {
        return listeners.size();
    }

    @Override
    public void close() {
        writers.shutdownNow();
        listeners.forEach(l -> l.client.close());
        listeners.clear();
    }
}
