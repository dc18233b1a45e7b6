package io.pitcrew.runbook;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a finding is: an {@code incident} (something is wrong now), or a {@code risk}, predictable trouble that has not
 * become one yet (more workshop owners than the provisioners are sized for, a key rotation due inside a workshop).
 * Risks are P3 and shown apart from incidents; when the trouble shows, the incident's own rule takes over.
 */
public enum Kind {
    INCIDENT("incident"), RISK("risk");

    private final String id;

    Kind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
