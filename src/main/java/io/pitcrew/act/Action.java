package io.pitcrew.act;

import java.util.List;

/**
 * One of the runbook's resolutions, made safe. An action only reads and plans; {@link SafePath} applies the plan,
 * verifies it took effect and records it, the same way for every action.
 */
public interface Action {

    /** The action's id, as typed after {@code pitcrew fix}: API, never changed once shipped. */
    String id();

    /** What it does, in the runbook's words. */
    String summary();

    /** The parameters it takes, for {@code fix list} and to refuse ones it does not. */
    List<Parameter> parameters();

    /**
     * Reads the platform and says what would change. Must not write anything. Called again when a write finds the
     * object changed since it was read, so it must plan from what it reads, not from an earlier plan.
     */
    Plan plan(Platform platform, Parameters parameters);

    /** A parameter: {@code --name VALUE} and what it means. */
    record Parameter(String name, String value, String description) {}
}
