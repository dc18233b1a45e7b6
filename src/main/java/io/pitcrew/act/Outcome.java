package io.pitcrew.act;

import java.util.List;
import java.util.OptionalLong;

/**
 * How a fix ended.
 *
 * @param applied the changes actually written (empty unless applied or failed part-way)
 * @param auditId the audit row of the decision; empty for a dry run
 * @param detail  what happened, in words: the refusal, the failure, what did not take effect
 */
public record Outcome(Result result, Plan plan, List<Change> applied, OptionalLong auditId, String detail) {

    public enum Result {
        /** Shown, nothing changed (no --yes). */
        PLANNED("planned", 0),
        /** Nothing to do: the plan was already in effect. */
        IN_EFFECT("in-effect", 0),
        /** Applied and verified. */
        APPLIED("applied", 0),
        REFUSED("refused", 3),
        /** Applied, but it did not take effect within the wait. */
        UNVERIFIED("unverified", 4),
        FAILED("failed", 4);

        private final String id;
        private final int exitCode;

        Result(String id, int exitCode) {
            this.id = id;
            this.exitCode = exitCode;
        }

        public String id() { return id; }

        public int exitCode() { return exitCode; }
    }
}
