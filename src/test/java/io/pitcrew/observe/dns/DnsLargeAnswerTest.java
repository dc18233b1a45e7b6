package io.pitcrew.observe.dns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsLargeAnswerTest {

    private static final int ADDRESSES = 200;

    @RegisterExtension
    static final DnsServer dns = new DnsServer(manyAddresses());

    private static String[] manyAddresses() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < ADDRESSES; i++) args.add("--address=/big.coder.com/10.1." + (i / 250) + "." + (i % 250 + 1));
        return args.toArray(String[]::new);
    }

    @Test
    void answerTooBigForUdpIsFetchedOverTcp() {
        // 200 A records do not fit a UDP answer (dnsjava offers 1232 bytes of EDNS); dnsmasq truncates it and
        // only the TCP retry gets all of them.
        DnsAnswer big = DnsProbe.of(Optional.of(dns.address()), Duration.ofSeconds(2)).resolve("big.coder.com");
        assertThat(big.outcome()).isInstanceOf(DnsOutcome.Resolved.class);
        assertThat(big.addresses()).hasSize(ADDRESSES).contains("10.1.0.1", "10.1.0.200");
    }

    @Test
    void missingDnsmasqFailsAndSaysHowToInstallIt() {
        assertThatThrownBy(() -> DnsServer.requireExecutable(Path.of("/nonexistent/dnsmasq")))
                .hasMessageContaining(".ci/deps/dns.sh");
    }
}
