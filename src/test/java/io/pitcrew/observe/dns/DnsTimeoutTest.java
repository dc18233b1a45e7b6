package io.pitcrew.observe.dns;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A server that never answers, or none at all, costs the timeout and no more, and is an outcome, not an exception. */
class DnsTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    @Test
    void closedPortIsRefusedAtOnceNotATimeout() throws Exception {
        // On a reachable host a closed UDP port answers with ICMP port-unreachable, which dnsjava reports at once;
        // calling that a timeout would send someone looking for a slow server instead of a missing one.
        int port = DnsServer.freePort();
        DnsProbe probe = DnsProbe.of(Optional.of("127.0.0.1:" + port), TIMEOUT);
        long start = System.nanoTime();
        DomainAnswers answers = probe.probe("ai.coder.com");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(TIMEOUT);
        for (DnsAnswer answer : new DnsAnswer[] {answers.apex(), answers.wildcard()}) {
            assertThat(answer.outcome()).isInstanceOf(DnsOutcome.Error.class);
            assertThat(answer.outcome().id()).contains("port unreachable", "127.0.0.1:" + port);
        }
    }

    @Test
    void silentServerTimesOutWithinTheTimeout() throws Exception {
        try (var silent = SilentDnsServer.start()) {
            DnsProbe probe = DnsProbe.of(Optional.of(silent.address()), TIMEOUT);
            long start = System.nanoTime();
            DomainAnswers answers = probe.probe("ai.coder.com");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // apex and wildcard run side by side: one timeout for the domain, not two (the slack is for a busy CI machine)
            assertThat(took).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.multipliedBy(2).minusMillis(100));
            assertThat(answers.apex().outcome()).isEqualTo(new DnsOutcome.Timeout(TIMEOUT));
            assertThat(answers.wildcard().outcome()).isEqualTo(new DnsOutcome.Timeout(TIMEOUT));
        }
    }

    @Test
    void sweepOfAllRegionsAgainstASilentServerCostsOneTimeout() throws Exception {
        try (var silent = SilentDnsServer.start()) {
            DnsSweep sweep = new DnsSweep(DnsProbe.of(Optional.of(silent.address()), TIMEOUT));
            long start = System.nanoTime();
            var verdicts = sweep.check(Regions.BY_ADDRESS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // six names side by side cost one timeout; in turn they would cost six (the slack is for a busy CI machine)
            assertThat(took).isLessThan(TIMEOUT.multipliedBy(2).minusMillis(100));
            assertThat(verdicts).hasSize(3).allSatisfy(v -> {
                assertThat(v.apex().routing()).isEqualTo(new Routing.DoesNotResolve(new DnsOutcome.Timeout(TIMEOUT)));
                assertThat(v.wildcard().routing()).isEqualTo(new Routing.DoesNotResolve(new DnsOutcome.Timeout(TIMEOUT)));
            });
            assertThat(verdicts.get(2).apex().evidence()).isEqualTo("emea-proxy.ai.coder.com does not resolve (timeout after " + TIMEOUT.toMillis() + " ms from 127.0.0.1:"
                    + silent.port() + "); expected eu-west-2's 10.0.2.5");
        }
    }

    @Test
    void unusableServerIsAnErrorOutcome() {
        DnsAnswer answer = DnsProbe.of(Optional.of("127.0.0.1:notaport"), TIMEOUT).resolve("ai.coder.com");
        assertThat(answer.outcome()).isEqualTo(new DnsOutcome.Error("not a DNS server address (host:port): 127.0.0.1:notaport"));
    }
}
