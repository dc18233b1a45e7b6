package io.pitcrew.server;

import io.javalin.http.sse.SseClient;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the status page's picture to every viewer. Each event is the whole picture, so a viewer needs only the
 * newest: each has a slot holding the next text to send and at most one virtual thread writing to it. A slow
 * viewer skips pictures instead of queueing them and never holds up the others; one whose write fails is dropped.
 */
final class StatusBroadcast implements AutoCloseable {

    static final String EVENT = "status";

    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

    private final class Viewer {
        final SseClient client;
        final AtomicReference<String> next = new AtomicReference<>();
        final AtomicBoolean writing = new AtomicBoolean();

        Viewer(SseClient client) {
            this.client = client;
        }

        void offer(String json) {
            next.set(json);
            if (writing.compareAndSet(false, true)) writers.execute(this::drain);
        }

        private void drain() {
            try {
                for (String json; (json = next.getAndSet(null)) != null; ) client.sendEvent(EVENT, json);
            } catch (RuntimeException e) {
                drop();
                return;
            } finally {
                writing.set(false);
            }
            // a picture offered between the last read and the release: pick it up
            if (next.get() != null && writing.compareAndSet(false, true)) writers.execute(this::drain);
        }

        void drop() {
            viewers.remove(this);
            next.set(null);
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // gone already
            }
        }
    }

    /** A new viewer gets {@code current} first: the picture as it is when it connects. */
    void add(SseClient client, String current) {
        Viewer v = new Viewer(client);
        client.onClose(() -> viewers.remove(v));
        viewers.add(v);
        v.offer(current);
    }

    void send(String json) {
        for (Viewer v : viewers) {
            if (v.client.terminated()) v.drop();
            else v.offer(json);
        }
    }

    int size() {
        return viewers.size();
    }

    @Override
    public void close() {
        writers.shutdownNow();
        viewers.forEach(v -> v.client.close());
        viewers.clear();
    }
}
