package io.pitcrew.server.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open server-sent-event streams of both fan-outs, counted per client address and in total. Each stream holds a
 * socket (a file descriptor) for as long as it lasts, and the status page's needs no login: without a cap, anyone
 * could open streams until serve runs out of descriptors and stops answering everyone, responders included.
 */
public final class StreamSlots {

    /** What asking for a slot gives: a slot to release when the stream ends, or why there is none. */
    sealed interface Taken permits Slot, Full {}

    /** One stream's place; released once, however many times its end is reported. */
    final class Slot implements Taken {
        private final String address;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String address) {
            this.address = address;
        }

        void release() {
            if (released.compareAndSet(false, true)) StreamSlots.this.release(address);
        }
    }

    /** No slot: the message for the 503 answer. */
    record Full(String message) implements Taken {}

    private final StreamCaps caps;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int open;

    public StreamSlots(StreamCaps caps) {
        this.caps = caps;
    }

    /** A slot for a stream from {@code address}, counted at once, so concurrent requests cannot pass the caps together. */
    synchronized Taken take(String address) {
        if (open >= caps.total()) {
            return new Full("the server has " + open + " event streams open, its limit (--max-streams " + caps.total() + "): try again later");
        }
        int mine = byAddress.getOrDefault(address, 0);
        if (mine >= caps.perClient()) {
            return new Full(mine + " event streams are open from " + address + ", the limit per client address (--max-streams-per-client "
                    + caps.perClient() + "): close some, or try again later");
        }
        byAddress.put(address, mine + 1);
        open++;
        return new Slot(address);
    }

    private synchronized void release(String address) {
        open--;
        byAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }

    public synchronized int open() {
        return open;
    }
}
