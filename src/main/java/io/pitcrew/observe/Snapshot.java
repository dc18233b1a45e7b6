package io.pitcrew.observe;

import java.time.Instant;
import java.util.List;

/** One sweep over every region. */
public record Snapshot(Instant observedAt, List<RegionObservation> regions) {

    public List<RegionSnapshot> reachable() {
        return regions.stream().filter(RegionSnapshot.class::isInstance).map(RegionSnapshot.class::cast).toList();
    }
}
