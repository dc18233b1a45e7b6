package io.pitcrew.reliability;

import io.pitcrew.observe.dns.DnsOutcome;
import io.pitcrew.observe.dns.DnsProbe;
import io.pitcrew.observe.dns.DomainAnswers;
import io.pitcrew.reliability.FaultyDnsServer.Fault;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a DNS server that closes the TCP retry of its truncated answer leaves behind in the process that asked it:
 * nothing. dnsjava's own TCP client lost its one I/O thread to such a connection, so every later lookup of the process
 * waited for its timeout and the JVM could not exit (its shutdown hook waited for that thread): serve's probes would all
 * have been timeouts from then on, and {@code pitcrew doctor} would never have ended, not even on SIGTERM.
 */
class DnsFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void lookupsAfterAClosedTcpRetryAreAnsweredAsBefore() throws IOException {
        try (FaultyDnsServer truncating = FaultyDnsServer.start(Fault.TRUNCATED)) {
            assertThat(probe(truncating).apex().outcome()).isEqualTo(new DnsOutcome.Error(Fault.TRUNCATED.said));
        }
        try (FaultyDnsServer refusing = FaultyDnsServer.start(Fault.REFUSED)) {
            long start = System.nanoTime();
            DomainAnswers next = probe(refusing);
            // at once, as REFUSED always is: not the timeout a lookup waited for once the I/O thread was gone
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
            assertThat(next.apex().outcome()).isEqualTo(new DnsOutcome.Error("server answered REFUSED"));
            assertThat(next.wildcard().outcome()).isEqualTo(new DnsOutcome.Error("server answered REFUSED"));
        }
    }

    @Test
    void theProcessExitsAfterAClosedTcpRetry() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DnsFaultsTest.class.getName())
                .redirectErrorStream(true).start();
        // it ends in a second or two; before, never (it took a SIGKILL)
        boolean exited = child.waitFor(60, TimeUnit.SECONDS);
        if (!exited) child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("the process exited; it said:\n%s", output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains(Fault.TRUNCATED.said).doesNotContain("Exception");
    }

    /**
     * The child of {@link #theProcessExitsAfterAClosedTcpRetry}: a few probes of a truncating server (dnsjava lost its
     * thread only when the close came while the query was still being written, so once was not always enough), then
     * exit as pitcrew does.
     */
    public static void main(String[] args) throws IOException {
        try (FaultyDnsServer truncating = FaultyDnsServer.start(Fault.TRUNCATED)) {
            for (int i = 0; i < 5; i++) System.out.println(probe(truncating).apex().outcome().id());
        }
        System.exit(0);
    }

    private static DomainAnswers probe(FaultyDnsServer dns) {
        return DnsProbe.of(Optional.of(dns.address()), TIMEOUT).probe("ai.coder.com");
    }
}
