package io.pitcrew.observe.dns;

import io.pitcrew.config.Region;

import java.util.List;

/** The workshop's three regions and NLB addresses, as the DNS tests serve them. */
final class Regions {

    static final Region EAST = new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com");
    static final Region WEST = new Region("us-west-2", "us-west-2", Region.Role.PROXY, "oregon-proxy.ai.coder.com");
    static final Region EMEA = new Region("eu-west-2", "eu-west-2", Region.Role.PROXY, "emea-proxy.ai.coder.com");

    static final String EAST_IP = "10.0.0.5";
    static final String WEST_IP = "10.0.1.5";
    static final String EMEA_IP = "10.0.2.5";

    static final List<DnsExpectation> BY_ADDRESS = List.of(
            DnsExpectation.of(EAST, LoadBalancer.at("us-east-2", EAST_IP)),
            DnsExpectation.of(WEST, LoadBalancer.at("us-west-2", WEST_IP)),
            DnsExpectation.of(EMEA, LoadBalancer.at("eu-west-2", EMEA_IP)));

    private Regions() {}
}
