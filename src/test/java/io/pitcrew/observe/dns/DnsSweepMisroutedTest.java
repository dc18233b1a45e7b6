package io.pitcrew.observe.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.pitcrew.observe.dns.Regions.BY_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

/** Three Cloudflare mistakes at once, one per region. */
class DnsSweepMisroutedTest {

    @RegisterExtension
    static final DnsServer dns = new DnsServer(
            // us-east-2: pointed at an address no region owns
            "--address=/ai.coder.com/192.0.2.1",
            // us-west-2: records deleted; an --address without an IP answers NXDOMAIN for it and its subdomains
            "--address=/oregon-proxy.ai.coder.com/",
            // eu-west-2: apex right, wildcard copied from the Oregon record
            "--host-record=emea-proxy.ai.coder.com," + Regions.EMEA_IP,
            "--address=/emea-proxy.ai.coder.com/" + Regions.WEST_IP);

    private final List<DomainVerdict> verdicts =
            new DnsSweep(DnsProbe.of(Optional.of(dns.address()), Duration.ofSeconds(2))).check(BY_ADDRESS);

    @Test
    void emeaWildcardOnOregonsLoadBalancerNamesOregon() {
        DomainVerdict emea = verdicts.get(2);
        assertThat(emea.apex().matches()).as(emea.apex().evidence()).isTrue();
        assertThat(emea.wildcard().routing()).isEqualTo(new Routing.ResolvesElsewhere(Optional.of("us-west-2")));
        assertThat(emea.wildcard().evidence()).isEqualTo("pitcrew-probe.emea-proxy.ai.coder.com resolves to 10.0.1.5 "
                + "(us-west-2's load balancer); expected eu-west-2's 10.0.2.5");
    }

    @Test
    void deletedRecordDoesNotResolveWithNxDomain() {
        DomainVerdict oregon = verdicts.get(1);
        for (DnsVerdict v : List.of(oregon.apex(), oregon.wildcard())) {
            assertThat(v.routing()).isEqualTo(new Routing.DoesNotResolve(new DnsOutcome.NxDomain()));
            assertThat(v.routing().id()).isEqualTo("does-not-resolve");
        }
        assertThat(oregon.apex().evidence()).isEqualTo("oregon-proxy.ai.coder.com does not resolve (NXDOMAIN from "
                + dns.address() + "); expected us-west-2's 10.0.1.5");
    }

    @Test
    void addressOfNoRegionIsElsewhereWithoutARegion() {
        DomainVerdict east = verdicts.get(0);
        assertThat(east.apex().routing()).isEqualTo(new Routing.ResolvesElsewhere(Optional.empty()));
        assertThat(east.apex().evidence()).isEqualTo(
                "ai.coder.com resolves to 192.0.2.1 (no region's load balancer); expected us-east-2's 10.0.0.5");
    }
}
