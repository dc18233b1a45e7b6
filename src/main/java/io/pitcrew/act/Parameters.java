package io.pitcrew.act;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An action's parameters as given on the command line ({@code --replicas 10} is {@code replicas=10}), kept as text
 * so they go to the audit log exactly as typed. Never holds a secret value.
 */
public record Parameters(Map<String, String> values) {

    public Parameters {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Parameters none() {
        return new Parameters(Map.of());
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A whole number of at least {@code min}; bad input is the user's to fix (exit 2). */
    public Optional<Integer> integer(String name, int min) {
        return text(name).map(v -> {
            try {
                int n = Integer.parseInt(v.strip());
                if (n < min) throw new IllegalArgumentException("--" + name + " must be at least " + min + ", got " + n);
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
            }
        });
    }
}
