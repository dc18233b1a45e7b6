package io.pitcrew.observe;

import io.pitcrew.config.Region;
import io.pitcrew.redact.Credentials;

import java.time.Duration;

/**
 * A region whose API server could not be read.
 *
 * @param reason short machine-readable reason: connection-refused, timeout, unauthorized, forbidden, tls, error
 * @param detail what happened, for a human ("connection refused to https://127.0.0.1:6443")
 */
public record RegionUnreachable(Region region, String reason, String detail, Duration took)
        implements RegionObservation {

    public RegionUnreachable {
        detail = detail == null ? null : Credentials.scrub(detail);
    }
}
