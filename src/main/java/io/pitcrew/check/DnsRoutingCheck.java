package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.pitcrew.config.Region;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.dns.DnsExpectation;
import io.pitcrew.observe.dns.DnsAnswer;
import io.pitcrew.observe.dns.DnsVerdict;
import io.pitcrew.observe.dns.DomainVerdict;
import io.pitcrew.observe.dns.LoadBalancer;
import io.pitcrew.observe.dns.Routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runbook §2 "Check CloudFlare DNS resolution for all domains" ({@code dig ai.coder.com},
 * {@code dig test-workspace.ai.coder.com}, ...): each region's apex and a wildcard name must lead to that region's
 * NLB, which pitcrew reads from the coder Service's load balancer ingress rather than from configuration, so the
 * expectation follows the cluster.
 */
public final class DnsRoutingCheck implements PlatformCheck {

    public static final String ELSEWHERE = "dns-resolves-elsewhere";
    public static final String NOT_RESOLVING = "dns-does-not-resolve";

    private static final CheckHeader HEADER = new CheckHeader("dns-routing", List.of(ELSEWHERE, NOT_RESOLVING),
            EnumSet.of(Input.DNS, Input.SERVICES));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        Map<Region, LoadBalancer> balancers = new LinkedHashMap<>();
        for (RegionSnapshot r : snapshot.reachable()) loadBalancer(r, context).ifPresent(lb -> balancers.put(r.region(), lb));
        List<DnsExpectation> expectations = balancers.entrySet().stream()
                .map(e -> DnsExpectation.of(e.getKey(), e.getValue())).toList();
        List<Signal> out = new ArrayList<>();
        for (DomainVerdict v : DomainVerdict.judge(expectations, snapshot.dns())) {
            Region region = balancers.keySet().stream().filter(r -> DnsAnswer.canonical(r.domain()).equals(v.expectation().domain()))
                    .findFirst().orElseThrow();
            EvidenceTally elsewhere = new EvidenceTally();
            EvidenceTally missing = new EvidenceTally();
            for (DnsVerdict verdict : List.of(v.apex(), v.wildcard())) {
                Evidence e = new Evidence(region.name(), "DNS", "", verdict.answer().name(), verdict.evidence());
                switch (verdict.routing()) {
                    case Routing.Matches m -> { }
                    case Routing.ResolvesElsewhere r -> elsewhere.add(e);
                    case Routing.DoesNotResolve d -> missing.add(e);
                }
            }
            elsewhere.emit(out, ELSEWHERE, region.name(), EvidenceTally.count(elsewhere.affected(), "name") + " of "
                    + region.domain() + " resolving to another load balancer");
            missing.emit(out, NOT_RESOLVING, region.name(), EvidenceTally.count(missing.affected(), "name") + " of "
                    + region.domain() + " not resolving");
        }
        // A region with no load balancer to compare with cannot be told "resolves elsewhere", but a name that does not
        // resolve at all fails its users whatever it should point at: that is never passed over in silence.
        for (RegionSnapshot r : snapshot.reachable()) {
            if (balancers.containsKey(r.region()) || r.region().domain() == null || r.region().domain().isEmpty()) continue;
            String domain = DnsAnswer.canonical(r.region().domain());
            EvidenceTally missing = new EvidenceTally();
            snapshot.dns().stream().filter(a -> a.domain().equals(domain)).findFirst().ifPresent(a -> {
                for (var answer : List.of(a.apex(), a.wildcard())) {
                    if (answer.resolved()) continue;
                    missing.add(new Evidence(r.region().name(), "DNS", "", answer.name(), answer.name() + " does not resolve ("
                            + answer.outcome().id() + " from " + answer.server() + "); no load balancer Service with an address in "
                            + context.names().coderNamespace() + " to compare with"));
                }
            });
            missing.emit(out, NOT_RESOLVING, r.region().name(), EvidenceTally.count(missing.affected(), "name") + " of "
                    + r.region().domain() + " not resolving");
        }
        return out;
    }

    /** The region's coder NLB: the first LoadBalancer Service of the coder namespace that has an address. */
    private static Optional<LoadBalancer> loadBalancer(RegionSnapshot r, CheckContext context) {
        for (Service s : r.services()) {
            if (s.getSpec() == null || !"LoadBalancer".equals(s.getSpec().getType())) continue;
            if (!context.names().coderNamespace().equals(s.getMetadata().getNamespace())) continue;
            if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null || s.getStatus().getLoadBalancer().getIngress() == null) continue;
            List<LoadBalancerIngress> ingress = s.getStatus().getLoadBalancer().getIngress();
            if (ingress.isEmpty()) continue;
            Optional<String> hostname = ingress.stream().map(LoadBalancerIngress::getHostname).filter(h -> h != null && !h.isEmpty()).findFirst();
            List<String> ips = ingress.stream().map(LoadBalancerIngress::getIp).filter(ip -> ip != null && !ip.isEmpty()).toList();
            return Optional.of(new LoadBalancer(r.region().name(), hostname.map(DnsAnswer::canonical), ips));
        }
        return Optional.empty();
    }
}
