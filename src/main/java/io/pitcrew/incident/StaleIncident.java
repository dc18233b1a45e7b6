package io.pitcrew.incident;

import java.time.Instant;

/**
 * A write that lost to someone else's: the incident changed between reading it and writing it. Nothing was written.
 * The commands read again and apply their change to what is there now, when it still applies.
 */
public final class StaleIncident extends RuntimeException {

    private final String changedBy;

    public StaleIncident(String id, long readVersion, long nowVersion, String changedBy, Instant changedAt) {
        super(id + " was changed by " + changedBy + " at " + changedAt + " (version " + nowVersion
                + ") after you read it (version " + readVersion + "); your change was not written");
        this.changedBy = changedBy;
    }

    public String changedBy() {
        return changedBy;
    }
}
