package io.pitcrew.act;

import java.util.Map;
import java.util.TreeMap;

/** The action and parameters that undo an applied plan: what {@code fix revert ID} runs. */
public record Inverse(String action, Map<String, String> parameters) {

    public Inverse {
        parameters = Map.copyOf(parameters);
    }

    /** {@code scale-litellm --replicas 4}: the command line a human would type. */
    public String commandLine() {
        StringBuilder b = new StringBuilder(action);
        new TreeMap<>(parameters).forEach((k, v) -> b.append(" --").append(k).append(' ').append(v));
        return b.toString();
    }
}
