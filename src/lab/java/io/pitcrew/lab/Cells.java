package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The cells several kinds share, formatted as Kubernetes' printers format them. */
final class Cells {

    private Cells() {}

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asString("");
    }

    /** translateTimestampSince(creationTimestamp). */
    static String age(JsonNode object, Instant now) {
        return HumanDuration.since(object.path("metadata").path("creationTimestamp").asString(""), now);
    }

    /** A timestamp field's age, "<unknown>" when the field is missing. */
    static String since(JsonNode timestamp, Instant now) {
        return HumanDuration.since(timestamp.asString(""), now);
    }

    /** The Containers cell of a pod template: the names, comma-separated (layoutContainerCells). */
    static String containerNames(JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        podSpec.path("containers").forEach(c -> names.add(c.path("name").asString("")));
        return String.join(",", names);
    }

    /** The Images cell of a pod template. */
    static String containerImages(JsonNode podSpec) {
        List<String> images = new ArrayList<>();
        podSpec.path("containers").forEach(c -> images.add(c.path("image").asString("")));
        return String.join(",", images);
    }

    /**
     * A LabelSelector as labels.Selector prints it: requirements sorted by key, "k=v", "k in (a,b)", "k notin (a)",
     * "k", "!k"; empty when it selects everything (or is missing).
     */
    static String selector(JsonNode labelSelector) {
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        labelSelector.path("matchLabels").properties()
                .forEach(e -> byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + e.getValue().asString("")));
        for (JsonNode expression : labelSelector.path("matchExpressions")) {
            String key = expression.path("key").asString("");
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asString("")));
            values.sort(null);
            String requirement = switch (expression.path("operator").asString("")) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + expression.path("operator").asString("") + " (" + String.join(",", values) + ")";
            };
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(requirement);
        }
        List<String> all = new ArrayList<>();
        byKey.values().forEach(all::addAll);
        return String.join(",", all);
    }

    /** metav1.FormatLabelSelector: the selector, or {@code <none>}. */
    static String selectorOrNone(JsonNode labelSelector) {
        String s = selector(labelSelector);
        return s.isEmpty() ? "<none>" : s;
    }

    /** labels.FormatLabels: a label map sorted by key, or {@code <none>}. */
    static String labels(JsonNode labels) {
        Map<String, String> sorted = new TreeMap<>();
        labels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString("")));
        if (sorted.isEmpty()) return "<none>";
        List<String> pairs = new ArrayList<>();
        sorted.forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join(",", pairs);
    }

    /** An integer field as an integer cell (0 when missing, as a Go zero value). */
    static long count(JsonNode number) {
        return number.asLong(0);
    }
}
