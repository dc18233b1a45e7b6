package io.pitcrew.act;

import io.pitcrew.config.Region;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an action would do, read from the clusters and not yet done: every object and field with its value
 * before and after. A plan either is refused (with the reason), is already in effect (nothing to write), or has
 * edits to apply. Made by its named factories, as a reconciler's {@code UpdateControl} is: {@link #toApply},
 * {@link #alreadyInEffect}, {@link #refused}, {@link #missing}, {@link #none}; an inverse is added with
 * {@link #withInverse}.
 *
 * @param changes  every field the action is about, including those already at their wanted value
 * @param edits    the writes that make the changes; empty when the plan is already in effect
 * @param refusal  why this plan must not be applied (out of bounds, nothing to act on)
 * @param inverse  how to undo it, when it can be undone
 * @param resumeAt when the inverse is due ({@code pause-key-rotation --for 4h})
 */
public record Plan(String action, Parameters parameters, List<Change> changes, List<Edit> edits,
                   Optional<String> refusal, Optional<Inverse> inverse, Optional<Instant> resumeAt) {

    public Plan {
        changes = List.copyOf(changes);
        edits = List.copyOf(edits);
    }

    /** The {@code edits} that make the {@code changes}; with no edits it is already in effect. */
    public static Plan toApply(String action, Parameters parameters, List<Change> changes, List<Edit> edits) {
        return new Plan(action, parameters, changes, edits, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Nothing to write: every field of {@code changes} is already what the action wants. */
    public static Plan alreadyInEffect(String action, Parameters parameters, List<Change> changes) {
        return toApply(action, parameters, changes, List.of());
    }

    public static Plan refused(String action, Parameters parameters, List<Change> changes, String reason) {
        return new Plan(action, parameters, changes, List.of(), Optional.of(reason), Optional.empty(), Optional.empty());
    }

    /** Refused because a deployment pitcrew.yaml names is not there: the fix is in pitcrew.yaml, or the wrong cluster. */
    static Plan missing(String action, Parameters parameters, List<Change> changes, Region region,
                        String namespace, String deployment, String configKey) {
        return refused(action, parameters, changes, "deployment " + namespace + "/" + deployment + " does not exist in "
                + region.name() + "; correct names." + configKey + " in pitcrew.yaml");
    }

    /** No plan: the action could not read what it plans from (what failed is the outcome's detail). */
    static Plan none(String action, Parameters parameters) {
        return alreadyInEffect(action, parameters, List.of());
    }

    public boolean isRefused() {
        return refusal.isPresent();
    }

    /** Nothing to write: every field is already what the plan wants. */
    public boolean inEffect() {
        return refusal.isEmpty() && edits.isEmpty();
    }

    public Plan withInverse(Inverse inverse) {
        return withInverse(inverse, Optional.empty());
    }

    /** Undone by {@code inverse}, due at {@code resumeAt} when the undo is timed ({@code pause-key-rotation --for}). */
    public Plan withInverse(Inverse inverse, Optional<Instant> resumeAt) {
        return new Plan(action, parameters, changes, edits, refusal, Optional.of(inverse), resumeAt);
    }

    /**
     * This plan undone as {@code earlier} would be: after a conflict the plan applied last reads the values the first
     * write already replaced, so what a revert restores is the first plan's.
     */
    Plan undoneAs(Plan earlier) {
        return new Plan(action, parameters, changes, edits, refusal, earlier.inverse(), earlier.resumeAt());
    }
}
