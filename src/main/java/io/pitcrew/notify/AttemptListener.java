package io.pitcrew.notify;

/**
 * Told of every attempt as it ends, so the incident timeline records notifications by itself. Called on the
 * sending thread; an exception it throws is ignored, since a timeline problem must not stop a page.
 */
@FunctionalInterface
public interface AttemptListener {

    void attempted(Attempt attempt);

    AttemptListener NONE = a -> {};
}
