package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Event;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Kubernetes timestamps (RFC 3339 strings in the models) as instants, and the recency test every check shares. */
final class KubeTime {

    private KubeTime() {}

    /** The instant of an RFC 3339 time, or null when absent or unreadable (an unreadable time is no evidence). */
    static Instant parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isBlank()) return null;
        try {
            return Instant.parse(rfc3339);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(rfc3339).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * When an event last happened: lastTimestamp (core/v1 events), else the series' last observation, else
     * eventTime (events.k8s.io writers). Never creationTimestamp, which the lab overwrites.
     */
    static Instant lastSeen(Event e) {
        Instant t = parse(e.getLastTimestamp());
        if (t == null && e.getSeries() != null && e.getSeries().getLastObservedTime() != null) {
            t = parse(e.getSeries().getLastObservedTime().getTime());
        }
        if (t == null && e.getEventTime() != null) t = parse(e.getEventTime().getTime());
        return t;
    }

    /** "x6, last 40s ago", or "last 40s ago" for an event seen once: how often and how lately it happened. */
    static String seen(Event e, Instant now) {
        String count = e.getCount() != null && e.getCount() > 1 ? "x" + e.getCount() + ", " : "";
        return count + "last " + ago(lastSeen(e), now) + " ago";
    }

    /**
     * True when {@code time} is no older than {@code window} before {@code now}. A null time is never recent:
     * we judge recency only on times we were given. Times slightly after {@code now} (clock skew between the
     * kubelet and the sweep) count as recent.
     */
    static boolean within(Instant time, Instant now, Duration window) {
        return time != null && !time.isBefore(now.minus(window));
    }

    /** How long ago, for a human: "7m", "2h05m", "45s". */
    static String ago(Instant time, Instant now) {
        Duration d = Duration.between(time, now);
        if (d.isNegative()) d = Duration.ZERO;
        if (d.toHours() > 0) return String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
        if (d.toMinutes() > 0) return d.toMinutes() + "m";
        return d.toSeconds() + "s";
    }
}
