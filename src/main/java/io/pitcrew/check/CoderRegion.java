package io.pitcrew.check;

import io.pitcrew.config.Region;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;

import java.util.Optional;

/**
 * Where coderd's own answers belong: the control-plane region, which runs coderd and its provisioners. Signals
 * from the Coder API name it, so they meet the Kubernetes signals of the same region in one finding.
 */
record CoderRegion(String name, Optional<RegionSnapshot> cluster) {

    static CoderRegion of(Snapshot snapshot) {
        Optional<RegionObservation> cp = snapshot.regions().stream().filter(o -> o.region().isControlPlane()).findFirst()
                .or(() -> snapshot.regions().stream().findFirst());
        String name = cp.map(RegionObservation::region).map(Region::name).orElse("platform");
        return new CoderRegion(name, cp.filter(RegionSnapshot.class::isInstance).map(RegionSnapshot.class::cast));
    }
}
