package io.pitcrew.observe.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.pitcrew.observe.dns.Regions.BY_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

/** Cloudflare as the runbook wants it: each apex and its wildcard on its own region's NLB. */
class DnsSweepHealthyTest {

    // The proxies' records are more specific than ai.coder.com's wildcard, so they win over it.
    @RegisterExtension
    static final DnsServer dns = new DnsServer(
            "--address=/ai.coder.com/" + Regions.EAST_IP,
            "--address=/oregon-proxy.ai.coder.com/" + Regions.WEST_IP,
            "--address=/emea-proxy.ai.coder.com/" + Regions.EMEA_IP);

    @Test
    void everyApexAndWildcardMatchesItsOwnRegion() {
        List<DomainVerdict> verdicts = new DnsSweep(DnsProbe.of(Optional.of(dns.address()), Duration.ofSeconds(2))).check(BY_ADDRESS);

        assertThat(verdicts).extracting(v -> v.expectation().domain())
                .containsExactly("ai.coder.com", "oregon-proxy.ai.coder.com", "emea-proxy.ai.coder.com");
        assertThat(verdicts).allSatisfy(v -> assertThat(v.matches()).as(v.toString()).isTrue());
        DomainVerdict emea = verdicts.get(2);
        assertThat(emea.wildcard().answer().name()).isEqualTo("pitcrew-probe.emea-proxy.ai.coder.com");
        assertThat(emea.wildcard().evidence()).isEqualTo(
                "pitcrew-probe.emea-proxy.ai.coder.com resolves to 10.0.2.5 (eu-west-2's load balancer), as expected");
    }
}
