package io.pitcrew.observe;

import java.time.Instant;
import io.pitcrew.observe.dns.DomainAnswers;

import java.util.List;
import java.util.Optional;

/**
 * One sweep over every region.
 *
 * @param dns    the apex and wildcard answers for each region's domain (empty when DNS is not probed)
 * @param mirror the upstream and mirror digests of the Coder image (empty when no mirror is configured)
 * @param health each region's /healthz answer, by region name (empty when health is not probed)
 * @param proxies coderd's view of its workspace proxies (empty when the Coder API is not configured)
 * @param litellm the LiteLLM proxy's readiness, liveliness and model health (empty when LiteLLM is not configured)
 */
public record Snapshot(Instant observedAt, List<RegionObservation> regions, List<DomainAnswers> dns,
                       Optional<MirrorDigests> mirror, java.util.Map<String, EndpointHealth> health,
                       Optional<io.pitcrew.observe.coder.ProxiesResult> proxies,
                       Optional<io.pitcrew.observe.litellm.LiteLLMProbe> litellm) {

    public Snapshot(Instant observedAt, List<RegionObservation> regions, List<DomainAnswers> dns,
                    Optional<MirrorDigests> mirror, java.util.Map<String, EndpointHealth> health,
                    Optional<io.pitcrew.observe.coder.ProxiesResult> proxies) {
        this(observedAt, regions, dns, mirror, health, proxies, Optional.empty());
    }

    public Snapshot(Instant observedAt, List<RegionObservation> regions) {
        this(observedAt, regions, List.of(), Optional.empty(), java.util.Map.of(), Optional.empty());
    }

    public Snapshot(Instant observedAt, List<RegionObservation> regions, List<DomainAnswers> dns, Optional<MirrorDigests> mirror) {
        this(observedAt, regions, dns, mirror, java.util.Map.of(), Optional.empty());
    }

    public List<RegionSnapshot> reachable() {
        return regions.stream().filter(RegionSnapshot.class::isInstance).map(RegionSnapshot.class::cast).toList();
    }
}
