package io.pitcrew.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
 * A client that goes away is noticed only when a write to it fails (nothing is read from an event stream), so a
 * listener that was sent nothing for a heartbeat is sent a comment ({@code : keep-alive}); the first write that fails
 * drops the listener, closes its response and frees its {@link StreamSlots slot}. Without that, a quiet stream keeps
 * the socket of every client that left.
 */
public final class EventStream implements AutoCloseable {

    static final int MAX_BEHIND = 10_000;
    public static final String KEEP_ALIVE = "keep-alive";

    public enum Backlog { EVERY, NEWEST }

    /** One server-sent event, already serialised. */
    public record Event(String name, String data) {}

    private final String path;
    private final Backlog backlog;
    private final StreamSlots slots;
    private final Duration heartbeat;
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService beats;

    public EventStream(String path, Backlog backlog, StreamSlots slots, Duration heartbeat) {
        this.path = path;
        this.backlog = backlog;
        this.slots = slots;
        this.heartbeat = heartbeat;
        this.beats = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("heartbeat " + path).factory());
        beats.scheduleWithFixedDelay(this::keepAlive, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Listener {
        final SseClient client;
        final StreamSlots.Slot slot;
        final Queue<Event> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger behind = new AtomicInteger();
        final AtomicBoolean writing = new AtomicBoolean();
        /** Set by every write, cleared by every heartbeat: a listener written to since the last one needs no comment. */
        volatile boolean written;

        Listener(SseClient client, StreamSlots.Slot slot) {
            this.client = client;
            this.slot = slot;
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
            if (writing.compareAndSet(false, true)) writers.execute(() -> write(false));
        }

        private int drainCount() {
            int n = 0;
            while (queue.poll() != null) n++;
            return n;
        }

        void beat() {
            if (written) {
                written = false;
                return;
            }
            // a write under way will tell whether the client is there; none: write a comment, which EventSource ignores
            if (writing.compareAndSet(false, true)) writers.execute(() -> write(true));
        }

        /** Writes what is queued (or, for a heartbeat with nothing queued, a comment); the caller holds {@code writing}. */
        private void write(boolean beat) {
            try {
                Event e = queue.poll();
                if (e == null && beat) {
                    client.sendComment(KEEP_ALIVE);
                    if (gone()) return;
                }
                for (; e != null; e = queue.poll()) {
                    behind.decrementAndGet();
                    client.sendEvent(e.name(), e.data());
                    if (gone()) return;
                }
            } catch (RuntimeException ex) {
                drop();
                return;
            } finally {
                writing.set(false);
            }
            // an event queued between the last poll and the release: pick it up
            if (!queue.isEmpty() && writing.compareAndSet(false, true)) writers.execute(() -> write(false));
        }

        /** Javalin's client swallows a failed write and marks itself terminated: that is the first failed write. */
        private boolean gone() {
            written = true;
            if (!client.terminated()) return false;
            drop();
            return true;
        }

        void drop() {
            listeners.remove(this);
            queue.clear();
            slot.release();
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // gone already
            }
        }
    }

    /**
     * The GET handler of this stream: 406 without {@code Accept: text/event-stream} (Javalin would answer an empty 200),
     * 503 with {@code Retry-After} when the caps are reached, else the stream: {@code current} first, then what is sent.
     */
    public Handler handler(Supplier<List<Event>> current) {
        return ctx -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                JsonBody.error(ctx, 406, path + " is a server-sent event stream: send Accept: text/event-stream (as EventSource does)");
                return;
            }
            switch (slots.take(ctx.ip())) {
                case StreamSlots.Full full -> {
                    // a left client's slot is free within two heartbeats: its first write succeeds, the second fails
                    ctx.header("Retry-After", String.valueOf(Math.max(1, heartbeat.multipliedBy(2).toSeconds())));
                    JsonBody.error(ctx, 503, full.message());
                }
                case StreamSlots.Slot slot -> open(ctx, slot, current);
            }
        };
    }

    private void open(Context ctx, StreamSlots.Slot slot, Supplier<List<Event>> current) throws Exception {
        try {
            new SseHandler(client -> {
                client.keepAlive();
                Listener l = new Listener(client, slot);
                client.onClose(l::drop);
                // the current picture first, so a client that connects late knows where things stand
                current.get().forEach(l::offer);
                listeners.add(l);
                if (client.terminated()) l.drop();
            }).handle(ctx);
        } catch (Exception | Error e) {
            slot.release();
            throw e;
        }
    }

    public void send(Event e) {
        for (Listener l : listeners) {
            if (l.client.terminated()) l.drop();
            else l.offer(e);
        }
    }

    private void keepAlive() {
        for (Listener l : listeners) {
            if (l.client.terminated()) l.drop();
            else l.beat();
        }
    }

    public int size() {
        return listeners.size();
    }

    @Override
    public void close() {
        beats.shutdownNow();
        writers.shutdownNow();
        listeners.forEach(Listener::drop);
    }
}
