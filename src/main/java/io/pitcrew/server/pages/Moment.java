package io.pitcrew.server.pages;

import io.pitcrew.server.http.Html;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * An instant as the pages show it: "17:11 UTC · 3 min ago" (with the date when it is not today's), the instant itself
 * in {@code <time datetime>} for machines and as the tooltip. The relative part is worked out when the page is
 * rendered; time.js writes the very same text in the browser, for what arrives live and to keep "ago" true while a
 * page stays open. The JSON API keeps ISO instants.
 */
final class Moment {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_AND_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Moment() {}

    static Html.Safe html(Instant at, Instant now) {
        return Html.render("time.html", Map.of("iso", at.toString(), "text", text(at, now)));
    }

    static String text(Instant at, Instant now) {
        boolean today = at.atOffset(ZoneOffset.UTC).toLocalDate().equals(now.atOffset(ZoneOffset.UTC).toLocalDate());
        return (today ? CLOCK : DAY_AND_CLOCK).format(at) + " · " + ago(Duration.between(at, now));
    }

    /** time.js has the same steps. A clock a little ahead of the server's is "just now", not "in 2 s". */
    static String ago(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) return "just now";
        if (minutes < 120) return minutes + " min ago";
        long hours = d.toHours();
        if (hours < 48) return hours + " h ago";
        return d.toDays() + " days ago";
    }
}
