package io.pitcrew.lab;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Ages as kubectl and the API server print them (k8s.io/apimachinery/pkg/util/duration.HumanDuration): two or three
 * significant figures, "45s", "5m3s", "40m", "3h12m", "9h", "3d4h", "40d", "2y30d". A responder reads these columns
 * to tell what just happened from what has always been so, so the lab prints them the same way.
 */
final class HumanDuration {

    private HumanDuration() {}

    static String of(Duration d) {
        // Go's int(d.Seconds()) truncates toward zero; Duration.toSeconds() floors
        long seconds = d.toMillis() / 1000;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return seconds + "s";
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) return minutes + "m";
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) return hours + "h";
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) return hours / 24 + "d";
        if (hours < 24 * 365 * 8) {
            long dy = hours / 24 % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** How long ago an RFC 3339 timestamp was; {@code <unknown>} when there is none, as kubectl prints a zero time. */
    static String since(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isEmpty()) return "<unknown>";
        try {
            return of(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }
}
