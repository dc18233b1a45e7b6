package io.pitcrew.observe;

import io.pitcrew.config.Region;

/** What a sweep got from one region: a snapshot, or the reason it could not get one. */
public sealed interface RegionObservation permits RegionSnapshot, RegionUnreachable {

    Region region();
}
