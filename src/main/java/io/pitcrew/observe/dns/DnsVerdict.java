package io.pitcrew.observe.dns;

/**
 * One name judged against its region's load balancer.
 *
 * @param evidence what a human needs to act, e.g. "emea-proxy.ai.coder.com resolves to 10.0.0.7 (us-west-2's load
 *                 balancer); expected eu-west-2's a1b2c3-123.elb.eu-west-2.amazonaws.com" — the runbook asks whoever
 *                 contacts #help-me-ops for exactly this: the failing domain, the expected NLB, the current resolution
 */
public record DnsVerdict(DnsAnswer answer, Routing routing, String evidence) {

    public boolean matches() { return routing instanceof Routing.Matches; }
}
