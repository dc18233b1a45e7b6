package io.pitcrew.server.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a token may do on the responder API and dashboard; each role includes the ones before it.
 * The participant status page needs no role at all.
 */
public enum Role {
    /** Reads findings, regions, incidents, the audit log. */
    VIEWER,
    /** Plus notes, acknowledgements, checklists, participant updates, and planning and applying actions within bounds. */
    RESPONDER,
    /** Plus severity, roles, declaring and resolving incidents. */
    COMMANDER;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role r : values()) if (r.label().equalsIgnoreCase(text == null ? "" : text.strip())) return r;
        throw new IllegalArgumentException("unknown role '" + text + "': one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
