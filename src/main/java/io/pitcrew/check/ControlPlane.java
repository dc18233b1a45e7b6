package io.pitcrew.check;

import io.pitcrew.config.Region;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;

import java.util.Optional;

/**
 * Where answers from outside Kubernetes about the control plane belong (coderd, LiteLLM, the mirror): the
 * control-plane region, else the first region. Signals name it, so they meet the Kubernetes signals of the same
 * region in one finding.
 *
 * @param cluster the region's snapshot, when it could be read
 */
record ControlPlane(String name, Optional<RegionSnapshot> cluster) {

    static ControlPlane of(Snapshot snapshot) {
        Optional<RegionObservation> cp = snapshot.regions().stream().filter(o -> o.region().isControlPlane()).findFirst()
                .or(() -> snapshot.regions().stream().findFirst());
        String name = cp.map(RegionObservation::region).map(Region::name).orElse("platform");
        return new ControlPlane(name, cp.filter(RegionSnapshot.class::isInstance).map(RegionSnapshot.class::cast));
    }
}
