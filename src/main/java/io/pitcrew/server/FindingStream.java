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
 * The responders' event stream ({@code /api/stream}). Unlike the status page's whole pictures, these events are
 * changes, so none may be skipped: each listener has its own queue, in order, and at most one virtual thread writing
 * it. Each event is serialised once for everyone; a slow listener never holds up the others, and one that falls
 * {@value #MAX_BEHIND} events behind, or whose write fails, is dropped (its EventSource reconnects and gets the
 * current picture afresh).
 */
final class FindingStream implements AutoCloseable {

    static final int MAX_BEHIND = 10_000;

    /** One server-sent event, already serialised. */
    record Event(String name, String data) {}

    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

    private final class Listener {
        final SseClient client;
        final Queue<Event> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger behind = new AtomicInteger();
        final AtomicBoolean writing = new AtomicBoolean();

        Listener(SseClient client) {
            this.client = client;
        }

        void offer(Event e) {
            if (behind.incrementAndGet() > MAX_BEHIND) {
                drop();
                return;
            }
            queue.add(e);
            if (writing.compareAndSet(false, true)) writers.execute(this::drain);
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
