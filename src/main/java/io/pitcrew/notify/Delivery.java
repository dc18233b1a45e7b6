package io.pitcrew.notify;

import java.util.OptionalInt;

/**
 * What came of a notification. Never an exception: a failed notification must not stop an incident command.
 *
 * @param <T> what the service gave back: Slack's "ok", PagerDuty's dedup key, GitHub's new issue
 */
public sealed interface Delivery<T> {

    Channel channel();

    int attempts();

    record Delivered<T>(Channel channel, T value, int attempts) implements Delivery<T> {}

    /**
     * @param reason     why, in words, without any secret
     * @param lastStatus the last HTTP status, absent when no answer came
     */
    record Failed<T>(Channel channel, String reason, int attempts, OptionalInt lastStatus) implements Delivery<T> {}

    default boolean delivered() {
        return this instanceof Delivered;
    }
}
