package io.pitcrew.config;

import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An equality label selector, {@code key=value[,key=value]}, as the runbook uses with {@code kubectl -l}.
 * Set-based forms ({@code in}, {@code !=}, {@code !key}) are not needed by the runbook and would not map onto a
 * plain label map, so they are rejected rather than half-supported.
 */
public record LabelSelector(Map<String, String> labels) {

    // Kubernetes' own rules for label keys (optional DNS-subdomain prefix + name) and values.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public LabelSelector {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Parses a selector; the exception's message says what is wrong, for a user. */
    public static LabelSelector parse(String text) {
        if (text.isBlank()) throw new IllegalArgumentException("the selector is empty");
        Map<String, String> labels = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) throw new IllegalArgumentException("'" + text + "' has an empty part between commas");
            if (p.contains("!=") || p.contains(" in ") || p.contains(" notin ") || p.startsWith("!")) {
                throw new IllegalArgumentException("'" + p + "' is a set-based requirement; only key=value is supported");
            }
            int eq = p.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("'" + p + "' has no '=value'");
            String key = p.substring(0, eq).strip();
            // Kubernetes also accepts "==" for equality.
            String value = p.substring(p.startsWith("=", eq + 1) ? eq + 2 : eq + 1).strip();
            checkKey(key);
            if (!value.isEmpty() && !NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("'" + value + "' is not a valid label value");
            }
            if (labels.put(key, value) != null) {
                throw new IllegalArgumentException("label key '" + key + "' is given twice");
            }
        }
        return new LabelSelector(labels);
    }

    private static void checkKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.length() > 253 || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("'" + prefix + "' is not a valid label key prefix");
            }
        }
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("'" + key + "' is not a valid label key");
    }

    /** The Deployment's own {@code spec.selector.matchLabels}; null when it has none (a selector of expressions only). */
    public static LabelSelector of(Deployment d) {
        Map<String, String> match = d.getSpec() == null || d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
        return match == null || match.isEmpty() ? null : new LabelSelector(match);
    }

    /** True when every required label is present with its value. */
    public boolean matches(Map<String, String> podLabels) {
        if (podLabels == null) return labels.isEmpty();
        for (var e : labels.entrySet()) {
            if (!e.getValue().equals(podLabels.get(e.getKey()))) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        labels.forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }
}
