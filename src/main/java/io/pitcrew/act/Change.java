package io.pitcrew.act;

/**
 * One field of one object as a plan would change it: what a human reads before saying yes.
 *
 * @param object e.g. {@code deployment coder/coder-provisioner-default}
 * @param field  e.g. {@code spec.replicas}
 */
public record Change(String region, String object, String field, String before, String after) {

    /** False for a field already at its wanted value (shown, so the plan says so, but nothing to do). */
    public boolean changes() {
        return !before.equals(after);
    }
}
