package io.pitcrew.preflight;

import com.fasterxml.jackson.annotation.JsonValue;

/** How ready one item is: {@code ok}; a {@code risk} worth fixing that does not stop the workshop; a {@code blocker}, which does. */
public enum Status {
    OK("ok"), RISK("risk"), BLOCKER("blocker");

    private final String id;

    Status(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The worse of two. */
    public static Status worst(Status a, Status b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
