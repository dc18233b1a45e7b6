package io.pitcrew.notify;

import java.util.Locale;

/** The incident lifecycle of issue 6, in order: investigating → identified → monitoring → resolved. */
public enum IncidentStatus {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
