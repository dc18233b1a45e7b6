package io.pitcrew.observe.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DnsProbeTest {

    @RegisterExtension
    static final DnsServer dns = new DnsServer(
            "--address=/ai.coder.com/10.0.0.5",
            "--address=/oregon-proxy.ai.coder.com/10.0.1.5",
            "--address=/emea-proxy.ai.coder.com/10.0.2.5",
            "--address=/gone.coder.com/",
            "--host-record=lb-east.elb.us-east-2.amazonaws.com,10.9.0.1",
            "--cname=chained.coder.com,lb-east.elb.us-east-2.amazonaws.com",
            "--host-record=nothing-here.coder.com,10.9.9.9",
            "--cname=dangling.coder.com,lb-missing.elb.us-east-2.amazonaws.com");

    private final DnsProbe probe = DnsProbe.of(Optional.of(dns.address()), Duration.ofSeconds(2));

    @Test
    void apexAndWildcardResolveToTheirOwnAddress() {
        DomainAnswers east = probe.probe("ai.coder.com");
        assertThat(east.apex().outcome()).isInstanceOf(DnsOutcome.Resolved.class);
        assertThat(east.apex().addresses()).containsExactly("10.0.0.5");
        assertThat(east.wildcard().name()).isEqualTo("pitcrew-probe.ai.coder.com");
        assertThat(east.wildcard().addresses()).containsExactly("10.0.0.5");
    }

    @Test
    void theMoreSpecificAddressWinsOverTheParentWildcard() {
        DomainAnswers oregon = probe.probe("oregon-proxy.ai.coder.com");
        assertThat(oregon.apex().addresses()).containsExactly("10.0.1.5");
        assertThat(oregon.wildcard().addresses()).containsExactly("10.0.1.5");
        assertThat(probe.resolve("test-workspace.emea-proxy.ai.coder.com").addresses()).containsExactly("10.0.2.5");
    }

    @Test
    void anAddressWithoutIpIsNxDomain() {
        DnsAnswer gone = probe.resolve("gone.coder.com");
        assertThat(gone.outcome()).isInstanceOf(DnsOutcome.NxDomain.class);
        assertThat(gone.addresses()).isEmpty();
        assertThat(probe.resolve("ws.gone.coder.com").outcome()).isInstanceOf(DnsOutcome.NxDomain.class);
    }

    @Test
    void followsCnameChainToTheLoadBalancer() {
        DnsAnswer chained = probe.resolve("chained.coder.com.");
        assertThat(chained.name()).isEqualTo("chained.coder.com");
        assertThat(chained.cnames()).containsExactly("lb-east.elb.us-east-2.amazonaws.com");
        assertThat(chained.addresses()).containsExactly("10.9.0.1");
        assertThat(chained.outcome()).isInstanceOf(DnsOutcome.Resolved.class);
    }

    @Test
    void aChainToANameTheServerWillNotResolveKeepsTheChainAndSaysWhy() {
        // dnsmasq without upstream servers refuses names it has no record for
        DnsAnswer answer = probe.resolve("dangling.coder.com");
        assertThat(answer.cnames()).containsExactly("lb-missing.elb.us-east-2.amazonaws.com");
        assertThat(answer.addresses()).isEmpty();
        assertThat(answer.outcome()).isEqualTo(new DnsOutcome.Error("server answered REFUSED"));
    }
}
