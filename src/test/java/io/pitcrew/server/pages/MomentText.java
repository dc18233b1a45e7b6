package io.pitcrew.server.pages;

import java.time.Instant;

/** The server's text for a time on the pages, for the browser tests to compare time.js with. */
public final class MomentText {

    private MomentText() {}

    public static String of(Instant at, Instant now) {
        return Moment.text(at, now);
    }
}
