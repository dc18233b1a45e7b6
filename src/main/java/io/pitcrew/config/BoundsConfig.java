package io.pitcrew.config;

import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;

import java.util.List;

/** Reads pitcrew.yaml's {@code bounds:}: the limits {@code pitcrew fix} keeps to. */
final class BoundsConfig {

    static final List<String> KEYS = ConfigSection.keysOf(Bounds.class);

    private BoundsConfig() {}

    static Bounds read(ConfigSection s) {
        Bounds d = Bounds.defaults();
        return new Bounds(
                s.integer("provisionerReplicas", d.provisionerReplicas(), 1, 1000, "most replicas of a provisioner deployment"),
                s.integer("litellmReplicas", d.litellmReplicas(), 1, 1000, "most LiteLLM replicas"),
                quantity(s, "provisionerCpu", d.provisionerCpu(), "CPU, like 2 or 1500m"),
                quantity(s, "provisionerMemory", d.provisionerMemory(), "memory, like 2Gi or 1536Mi"));
    }

    /** A Kubernetes quantity (numbers are accepted as text: {@code provisionerCpu: 2}). */
    private static String quantity(ConfigSection s, String key, String dflt, String what) {
        JsonNode v = s.node.get(key);
        String text = v != null && v.isNumber() ? v.asString() : s.text(key, dflt, what);
        if (text == null) return dflt;
        try {
            if (Quantity.parse(text).getNumericalAmount().signum() > 0) return text;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        s.problem(s.at(key), "'" + text + "' is not a positive Kubernetes quantity",
                "write " + what + "; the default is " + dflt);
        return dflt;
    }
}
