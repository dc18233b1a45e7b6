package io.pitcrew.server.detection;

import io.pitcrew.check.Input;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What changed since the last evaluation, gathered from the watch, poll and probe threads during the debounce:
 * which inputs of which region, and which probes (answered for the whole platform). {@link #drain()} hands the lot
 * to the evaluation and starts afresh.
 */
final class ChangedInputs {

    /** The changes one evaluation works from. */
    record Dirty(Map<String, Set<Input>> regions, Set<Input> platform) {

        Dirty {
            Map<String, Set<Input>> copy = new HashMap<>();
            regions.forEach((r, in) -> copy.put(r, Set.copyOf(in)));
            regions = Map.copyOf(copy);
            platform = Set.copyOf(platform);
        }

        static final Dirty NOTHING = new Dirty(Map.of(), Set.of());

        /** Whether anything a check of {@code region} reads changed there (or, for a probe, anywhere). */
        boolean touches(String region, Set<Input> reads) {
            return reads.stream().anyMatch(i -> platform.contains(i) || regions.getOrDefault(region, Set.of()).contains(i));
        }

        /** Whether anything a platform check reads changed in any region. */
        boolean touchesAny(Set<Input> reads) {
            return reads.stream().anyMatch(i -> platform.contains(i) || regions.values().stream().anyMatch(s -> s.contains(i)));
        }

        /** The same with more changed. */
        Dirty with(String region, Set<Input> inputs) {
            Map<String, Set<Input>> next = new HashMap<>(regions);
            Set<Input> merged = EnumSet.noneOf(Input.class);
            merged.addAll(next.getOrDefault(region, Set.of()));
            merged.addAll(inputs);
            next.put(region, merged);
            return new Dirty(next, platform);
        }

        Dirty withPlatform(Input input) {
            Set<Input> next = EnumSet.noneOf(Input.class);
            next.addAll(platform);
            next.add(input);
            return new Dirty(regions, next);
        }
    }

    private Dirty dirty = Dirty.NOTHING;

    synchronized void region(String region, Set<Input> inputs) {
        if (!inputs.isEmpty()) dirty = dirty.with(region, inputs);
    }

    synchronized void probe(Input input) {
        dirty = dirty.withPlatform(input);
    }

    synchronized Dirty drain() {
        Dirty out = dirty;
        dirty = Dirty.NOTHING;
        return out;
    }
}
