package io.pitcrew.observe.dns;

import io.pitcrew.config.Region;

import java.util.List;

/**
 * A region's domain and the load balancer it and its wildcard should resolve to — the runbook's
 * "{@code emea-proxy.ai.coder.com} + {@code *.emea-proxy.ai.coder.com} → eu-west-2 NLB".
 */
public record DnsExpectation(String domain, LoadBalancer expected) {

    public DnsExpectation {
        domain = DnsAnswer.canonical(domain);
    }

    public static DnsExpectation of(Region region, LoadBalancer expected) {
        return new DnsExpectation(region.domain(), expected);
    }

    /**
     * Compares an answer for this domain (apex or a name under it) with the expected load balancer.
     *
     * @param all every region's load balancer, so an answer pointing at the wrong one can say whose it is: a
     *            wildcard copied from another region's record is the common Cloudflare mistake
     */
    public DnsVerdict judge(DnsAnswer answer, List<LoadBalancer> all) {
        if (!answer.resolved()) {
            Routing routing = new Routing.DoesNotResolve(answer.outcome());
            return new DnsVerdict(answer, routing, answer.name() + " does not resolve (" + answer.outcome().id() + " from "
                    + answer.server() + throughChain(answer) + "); expected " + expected.describe());
        }
        // The expected name in the chain is a match whatever the addresses are: NLB addresses change, the name does not.
        boolean viaExpectedName = expected.hostname().filter(answer.cnames()::contains).isPresent();
        boolean onExpectedAddresses = answer.addresses().stream().allMatch(expected.addresses()::contains);
        if (viaExpectedName || onExpectedAddresses) {
            return new DnsVerdict(answer, new Routing.Matches(),
                    answer.name() + " resolves to " + target(answer) + " (" + expected.region() + "'s load balancer), as expected");
        }
        var owner = all.stream().filter(lb -> !lb.equals(expected)).filter(lb -> lb.servedBy(answer)).findFirst();
        String whose = owner.map(lb -> lb.region() + "'s load balancer").orElse("no region's load balancer");
        return new DnsVerdict(answer, new Routing.ResolvesElsewhere(owner.map(LoadBalancer::region)),
                answer.name() + " resolves to " + target(answer) + " (" + whose + "); expected " + expected.describe());
    }

    private static String target(DnsAnswer answer) {
        String addresses = String.join(", ", answer.addresses());
        return answer.cnames().isEmpty() ? addresses : addresses + " via " + String.join(" → ", answer.cnames());
    }

    private static String throughChain(DnsAnswer answer) {
        return answer.cnames().isEmpty() ? "" : ", after CNAME " + String.join(" → ", answer.cnames());
    }
}
