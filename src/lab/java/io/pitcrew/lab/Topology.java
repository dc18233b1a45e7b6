package io.pitcrew.lab;

import java.util.List;
import java.util.Map;

/** The healthy platform a lab runs: one plan per region. Scenarios read it to pick what they break. */
public final class Topology {

    private final Map<String, RegionPlan> regions;

    Topology(Map<String, RegionPlan> regions) {
        this.regions = Map.copyOf(regions);
    }

    RegionPlan region(String name) {
        RegionPlan plan = regions.get(name);
        if (plan == null) throw new IllegalArgumentException("no region " + name);
        return plan;
    }

    List<RegionPlan> regions() {
        return regions.values().stream().toList();
    }
}
