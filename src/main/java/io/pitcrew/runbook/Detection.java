package io.pitcrew.runbook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule that says a cause is present, over signal ids: every id in {@code all}, at least one of {@code any}
 * (when given), none of {@code none}. Signals in {@code with} never decide a match but add their evidence.
 *
 * @param scope {@link Scope#REGION}: the rule must hold within one region (node pressure and restarts in the same
 *              cluster); {@link Scope#PLATFORM}: signals pool across regions (a rotator in us-east-2 restarts
 *              workspaces everywhere)
 */
public record Detection(List<String> all, List<String> any, List<String> none, List<String> with, Scope scope) {

    public enum Scope { REGION, PLATFORM }

    /** True when the signal ids seen satisfy the rule. */
    public boolean matches(Set<String> seen) {
        return seen.containsAll(all)
                && (any.isEmpty() || any.stream().anyMatch(seen::contains))
                && none.stream().noneMatch(seen::contains);
    }

    /** The ids whose signals decide the match (all and any). */
    public Set<String> deciding() {
        Set<String> ids = new LinkedHashSet<>(all);
        ids.addAll(any);
        return ids;
    }

    /** Every id whose evidence a finding carries. */
    public Set<String> evidenced() {
        Set<String> ids = deciding();
        ids.addAll(with);
        return ids;
    }
}
