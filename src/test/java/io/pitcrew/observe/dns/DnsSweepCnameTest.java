package io.pitcrew.observe.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Cloudflare's usual shape: CNAMEs to the NLB's ELB name, which then resolves; judged by the name. */
class DnsSweepCnameTest {

    static final String EAST_ELB = "a1b2c3-123.elb.us-east-2.amazonaws.com";
    static final String WEST_ELB = "d4e5f6-456.elb.us-west-2.amazonaws.com";
    static final String EMEA_ELB = "a7b8c9-789.elb.eu-west-2.amazonaws.com";

    // dnsmasq 2.90 (Debian 12) has no wildcard CNAMEs ("--cname=*.domain,..." answers no subdomain: they come back REFUSED), so the name a wildcard
    // would answer is given its own CNAME; the --address tests cover real wildcards.
    private static final String PROBE = DnsProbe.WILDCARD_LABEL;

    @RegisterExtension
    static final DnsServer dns = new DnsServer(
            "--host-record=" + EAST_ELB + ",3.14.15.92",
            "--host-record=" + WEST_ELB + ",35.1.2.3",
            "--host-record=" + EMEA_ELB + ",18.1.2.3",
            "--cname=ai.coder.com," + EAST_ELB,
            "--cname=" + PROBE + ".ai.coder.com," + EAST_ELB,
            "--cname=oregon-proxy.ai.coder.com," + WEST_ELB,
            "--cname=" + PROBE + ".oregon-proxy.ai.coder.com," + WEST_ELB,
            "--cname=emea-proxy.ai.coder.com," + EMEA_ELB,
            // the mistake: EMEA's wildcard CNAMEs to Oregon's NLB
            "--cname=" + PROBE + ".emea-proxy.ai.coder.com," + WEST_ELB);

    // Names only: the NLBs' addresses are AWS's business and change.
    private final List<DnsExpectation> expectations = List.of(
            DnsExpectation.of(Regions.EAST, LoadBalancer.named("us-east-2", EAST_ELB)),
            DnsExpectation.of(Regions.WEST, LoadBalancer.named("us-west-2", WEST_ELB)),
            DnsExpectation.of(Regions.EMEA, LoadBalancer.named("eu-west-2", EMEA_ELB)));

    private final List<DomainVerdict> verdicts =
            new DnsSweep(DnsProbe.of(Optional.of(dns.address()), Duration.ofSeconds(2))).check(expectations);

    @Test
    void chainToTheExpectedElbNameMatches() {
        DomainVerdict east = verdicts.get(0);
        assertThat(east.matches()).as(east.toString()).isTrue();
        assertThat(east.apex().answer().cnames()).containsExactly(EAST_ELB);
        assertThat(east.apex().answer().addresses()).containsExactly("3.14.15.92");
        assertThat(east.apex().evidence()).isEqualTo(
                "ai.coder.com resolves to 3.14.15.92 via " + EAST_ELB + " (us-east-2's load balancer), as expected");
        assertThat(verdicts.get(1).matches()).as(verdicts.get(1).toString()).isTrue();
    }

    @Test
    void wildcardChainToAnotherRegionsElbNamesThatRegion() {
        DomainVerdict emea = verdicts.get(2);
        assertThat(emea.apex().matches()).as(emea.apex().evidence()).isTrue();
        assertThat(emea.wildcard().routing()).isEqualTo(new Routing.ResolvesElsewhere(Optional.of("us-west-2")));
        assertThat(emea.wildcard().evidence()).isEqualTo("pitcrew-probe.emea-proxy.ai.coder.com resolves to 35.1.2.3 via "
                + WEST_ELB + " (us-west-2's load balancer); expected eu-west-2's " + EMEA_ELB);
    }
}
