package io.pitcrew.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The equality subset of a Kubernetes label selector: {@code k=v} pairs separated by commas, all of which must
 * hold. That is all the runbook's selectors use; set-based forms ({@code in}, {@code !=}) are rejected rather
 * than silently matching everything.
 */
public record LabelSelector(Map<String, String> required) {

    public LabelSelector {
        required = Map.copyOf(required);
    }

    public static LabelSelector parse(String selector) {
        Map<String, String> required = new LinkedHashMap<>();
        if (selector == null || selector.isBlank()) return new LabelSelector(required);
        for (String term : selector.split(",")) {
            String t = term.trim();
            if (t.isEmpty()) continue;
            int eq = t.indexOf('=');
            // "==" is a legal spelling of equality; "!=" is not supported.
            if (eq <= 0 || t.charAt(eq - 1) == '!') {
                throw new IllegalArgumentException("unsupported label selector term '" + t + "' in '" + selector
                        + "': only key=value terms are supported");
            }
            String key = t.substring(0, eq).trim();
            String value = t.substring(t.startsWith("=", eq + 1) ? eq + 2 : eq + 1).trim();
            required.put(key, value);
        }
        return new LabelSelector(required);
    }

    /** An empty selector matches everything, as in Kubernetes. */
    public boolean matches(Map<String, String> labels) {
        if (required.isEmpty()) return true;
        if (labels == null) return false;
        for (Map.Entry<String, String> r : required.entrySet()) {
            if (!r.getValue().equals(labels.get(r.getKey()))) return false;
        }
        return true;
    }
}
