package io.pitcrew.act;

import io.pitcrew.redact.Credentials;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An action's parameters as given on the command line ({@code --replicas 10} is {@code replicas=10}), kept as text
 * so they go to the audit log exactly as typed. Never holds a secret value.
 */
public record Parameters(Map<String, String> values, SecretValues secrets) {

    public Parameters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Parameters(Map<String, String> values) {
        this(values, SecretValues.NONE);
    }

    public static Parameters none() {
        return new Parameters(Map.of());
    }

    /**
     * Secret values an action writes (new credentials), read from stdin or the environment. Kept apart from
     * {@link #values()} so nothing that prints or records parameters can reach them; never printed itself.
     */
    public static final class SecretValues {
        static final SecretValues NONE = new SecretValues(Map.of());
        private final Map<String, String> values;

        public SecretValues(Map<String, String> values) {
            this.values = Map.copyOf(values);
            // they go to the API server in a Secret's data: an answer that echoes the request must not print them
            values.values().forEach(Credentials::sent);
        }

        Map<String, String> values() { return values; }

        @Override
        public String toString() { return "(" + values.size() + " secret values, not shown)"; }
    }

    /** Bad input when {@code given} names a parameter {@code action} does not take; says which it takes. */
    public static void requireTaken(Action action, Collection<String> given) {
        List<String> takes = action.parameters().stream().map(Action.Parameter::name).toList();
        for (String name : given) {
            if (!takes.contains(name)) {
                throw new IllegalArgumentException(action.id() + " does not take --" + name + "; it takes: "
                        + (takes.isEmpty() ? "no options" : String.join(", ", takes.stream().map(t -> "--" + t).toList())));
            }
        }
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
