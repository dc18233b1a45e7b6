package io.pitcrew.act;

import io.pitcrew.config.Region;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an action would do, read from the clusters and not yet done: every object and field with its value
 * before and after. A plan either is refused (with the reason), is already in effect (nothing to write), or has
 * edits to apply.
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

    public static Plan refused(String action, Parameters parameters, List<Change> changes, String reason) {
        return new Plan(action, parameters, changes, List.of(), Optional.of(reason), Optional.empty(), Optional.empty());
    }

    /** Refused because a deployment pitcrew.yaml names is not there: the fix is in pitcrew.yaml, or the wrong cluster. */
    static Plan missing(String action, Parameters parameters, List<Change> changes, Region region,
                        String namespace, String deployment, String configKey) {
        return refused(action, parameters, changes, "deployment " + namespace + "/" + deployment + " does not exist in "
                + region.name() + "; correct names." + configKey + " in pitcrew.yaml");
    }

    public boolean isRefused() {
        return refusal.isPresent();
    }

    /** Nothing to write: every field is already what the plan wants. */
    public boolean inEffect() {
        return refusal.isEmpty() && edits.isEmpty();
    }

    public Plan withInverse(Inverse inverse, Optional<Instant> resumeAt) {
        return new Plan(action, parameters, changes, edits, refusal, Optional.of(inverse), resumeAt);
    }
}
