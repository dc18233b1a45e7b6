package io.pitcrew.config;

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
                s.quantity("provisionerCpu", d.provisionerCpu(), "CPU, like 2 or 1500m"),
                s.quantity("provisionerMemory", d.provisionerMemory(), "memory, like 2Gi or 1536Mi"));
    }
}
