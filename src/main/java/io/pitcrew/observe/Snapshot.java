package io.pitcrew.observe;

import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.Provisioning;
import io.pitcrew.observe.coder.WorkspaceProxy;
import io.pitcrew.observe.dns.DomainAnswers;
import io.pitcrew.observe.litellm.LiteLLMAnswer;
import io.pitcrew.observe.litellm.LiteLLMProbe;
import io.pitcrew.redact.Credentials;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sweep over every region.
 *
 * @param dns    the apex and wildcard answers for each region's domain (empty when DNS is not probed)
 * @param mirror the upstream and mirror digests of the Coder image (empty when no mirror is configured)
 * @param health each region's /healthz answer, by region name (empty when health is not probed)
 * @param proxies coderd's view of its workspace proxies (empty when the Coder API is not configured)
 * @param provisioning coderd's provisioner daemons, job queue and pending builds (empty without the Coder API)
 * @param litellm the LiteLLM proxy's readiness, liveliness and model health (empty when LiteLLM is not configured)
 */
public record Snapshot(Instant observedAt, List<RegionObservation> regions, List<DomainAnswers> dns,
                       Optional<MirrorDigests> mirror, Map<String, EndpointHealth> health,
                       Optional<CoderAnswer<List<WorkspaceProxy>>> proxies, Optional<Provisioning> provisioning,
                       Optional<LiteLLMProbe> litellm) {

    /** The regions alone: nothing outside Kubernetes probed. */
    public Snapshot(Instant observedAt, List<RegionObservation> regions) {
        this(observedAt, regions, List.of(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A sweep of {@code regions} at {@code observedAt}; each probe outside Kubernetes is unprobed until set. */
    public static Builder of(Instant observedAt, List<RegionObservation> regions) {
        return new Builder(observedAt, regions);
    }

    /** This sweep with some parts replaced. */
    public Builder toBuilder() {
        return of(observedAt, regions).dns(dns).mirror(mirror).health(health).proxies(proxies).provisioning(provisioning)
                .litellm(litellm);
    }

    /** Names the probes outside Kubernetes, which are optional and of like types, so none is passed in another's place. */
    public static final class Builder {
        private Instant observedAt;
        private List<RegionObservation> regions;
        private List<DomainAnswers> dns = List.of();
        private Optional<MirrorDigests> mirror = Optional.empty();
        private Map<String, EndpointHealth> health = Map.of();
        private Optional<CoderAnswer<List<WorkspaceProxy>>> proxies = Optional.empty();
        private Optional<Provisioning> provisioning = Optional.empty();
        private Optional<LiteLLMProbe> litellm = Optional.empty();

        private Builder(Instant observedAt, List<RegionObservation> regions) {
            this.observedAt = observedAt;
            this.regions = regions;
        }

        public Builder observedAt(Instant observedAt) {
            this.observedAt = observedAt;
            return this;
        }

        public Builder regions(List<RegionObservation> regions) {
            this.regions = regions;
            return this;
        }

        public Builder dns(List<DomainAnswers> dns) {
            this.dns = dns;
            return this;
        }

        public Builder mirror(Optional<MirrorDigests> mirror) {
            this.mirror = mirror;
            return this;
        }

        public Builder health(Map<String, EndpointHealth> health) {
            this.health = health;
            return this;
        }

        public Builder proxies(Optional<CoderAnswer<List<WorkspaceProxy>>> proxies) {
            this.proxies = proxies;
            return this;
        }

        public Builder provisioning(Optional<Provisioning> provisioning) {
            this.provisioning = provisioning;
            return this;
        }

        public Builder litellm(Optional<LiteLLMProbe> litellm) {
            this.litellm = litellm;
            return this;
        }

        public Snapshot build() {
            return new Snapshot(observedAt, regions, dns, mirror, health, proxies, provisioning, litellm);
        }
    }

    public List<RegionSnapshot> reachable() {
        return regions.stream().filter(RegionSnapshot.class::isInstance).map(RegionSnapshot.class::cast).toList();
    }

    /**
     * The questions outside Kubernetes that got no usable answer ("Coder provisioner daemons: HTTP 401: ..."), so a
     * report never passes off an unasked question as a healthy answer. Failures the checks judge themselves (DNS,
     * health endpoints, LiteLLM's readiness, a mirror tag that is missing or differs) are findings, not listed here.
     */
    public List<String> notAsked() {
        // one line per distinct failure: an expired token fails every Coder question the same way
        Map<String, List<String>> byFailure = new LinkedHashMap<>();
        proxies.ifPresent(a -> unanswered(byFailure, "workspace proxies", a));
        provisioning.ifPresent(p -> {
            unanswered(byFailure, "provisioner daemons", p.daemons());
            unanswered(byFailure, "provisioner jobs", p.pendingJobs());
            unanswered(byFailure, "workspace builds", p.builds());
            // the health report is for owners only: a 403 is the normal answer to any other token
            if (!(p.health() instanceof CoderAnswer.Rejected<?> r && r.status() == 403)) unanswered(byFailure, "health report", p.health());
        });
        List<String> out = new ArrayList<>();
        byFailure.forEach((failure, what) -> out.add("Coder " + String.join(", ", what) + ": " + failure));
        // LiteLLM's /health unread: pitcrew's key rejected, or no answer in time (it calls every model). A 429 and
        // the models' own errors are judged by the LiteLLM checks; readiness failing is an outage, not a gap.
        litellm.flatMap(LiteLLMProbe::health)
                .filter(h -> h instanceof LiteLLMAnswer.Unreachable
                        || h instanceof LiteLLMAnswer.Refused r
                        && r.refusal() != LiteLLMAnswer.Refusal.RATE_LIMITED)
                .ifPresent(h -> out.add("LiteLLM /health: " + h.describe()));
        // The mirror compared with upstream: a registry that refused pitcrew (the 12 h ECR password expired), limited
        // it, or did not answer says nothing about whether the mirror is in sync, so neither is passed off as "in sync".
        mirror.ifPresent(m -> {
            if (!m.upstream().answered()) out.add("mirror's upstream " + m.upstreamRef() + ": " + m.upstream().describe()
                    + MirrorDigests.fix(m.upstream(), false));
            if (!m.mirror().answered()) out.add("mirror " + m.mirrorRef() + ": " + m.mirrorUnanswered());
        });
        return out.stream().map(Credentials::scrub).toList();
    }

    private static void unanswered(Map<String, List<String>> byFailure, String what, CoderAnswer<?> answer) {
        if (!(answer instanceof CoderAnswer.Answered<?>)) byFailure.computeIfAbsent(answer.describe(), k -> new ArrayList<>()).add(what);
    }
}
