package io.pitcrew.observe.health;

import io.pitcrew.lab.HealthLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HealthProbe against the lab's /healthz over real TLS on 127.0.0.1, trusting only the lab's fresh CA. */
class HealthProbeTest {

    static final Duration TIMEOUT = Duration.ofMillis(800);

    @TempDir Path tmp;
    private HealthLab lab;
    private HealthProbe probe;
    private Path caFile;

    @BeforeEach
    void start() throws IOException {
        lab = HealthLab.start(List.of("us-east-2", "us-west-2", "eu-west-2"));
        caFile = Files.writeString(tmp.resolve("lab-ca.pem"), lab.caPem());
        probe = new HealthProbe(TIMEOUT, Optional.of(caFile));
    }

    @AfterEach
    void stop() {
        probe.close();
        lab.close();
    }

    @Test
    void okRegionIsHealthyWithItsLatency() {
        HealthResult result = probe.probe(lab.url("us-east-2"));

        assertThat(result).isInstanceOfSatisfying(HealthResult.Healthy.class, h -> {
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.latency()).isPositive().isLessThan(TIMEOUT);
        });
    }

    @Test
    void failingRegionIsUnhealthyWithCodersMessage() {
        lab.set("us-west-2", HealthLab.State.FAILING);

        HealthResult result = probe.probe(lab.url("us-west-2"));

        assertThat(result).isInstanceOfSatisfying(HealthResult.Unhealthy.class, u -> {
            assertThat(u.status()).isEqualTo(503);
            assertThat(u.bodyExcerpt()).isEqualTo(HealthLab.FAILING_BODY);
            assertThat(u.latency()).isPositive();
        });
        assertThat(probe.probe(lab.url("us-east-2"))).isInstanceOf(HealthResult.Healthy.class);
    }

    @Test
    void hangingRegionIsUnreachableTimeoutWithinTheTimeout() {
        lab.set("eu-west-2", HealthLab.State.HANGING);

        long start = System.nanoTime();
        HealthResult result = probe.probe(lab.url("eu-west-2"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result).isInstanceOfSatisfying(HealthResult.Unreachable.class,
                u -> assertThat(u.reason()).isEqualTo("timeout"));
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)).isLessThan(TIMEOUT.plusMillis(1500));
    }

    @Test
    void stateChangesAtRunTimeAreSeen() {
        URI url = lab.url("us-east-2");
        assertThat(probe.probe(url)).isInstanceOf(HealthResult.Healthy.class);
        lab.set("us-east-2", HealthLab.State.FAILING);
        assertThat(probe.probe(url)).isInstanceOf(HealthResult.Unhealthy.class);
        lab.set("us-east-2", HealthLab.State.HANGING);
        assertThat(probe.probe(url)).isInstanceOf(HealthResult.Unreachable.class);
        lab.reset();
        assertThat(probe.probe(url)).isInstanceOf(HealthResult.Healthy.class);
    }

    @Test
    void systemTrustDoesNotTrustTheLabCa() {
        try (HealthProbe systemTrust = new HealthProbe(TIMEOUT, Optional.empty())) {
            HealthResult result = systemTrust.probe(lab.url("us-east-2"));

            assertThat(result).isInstanceOfSatisfying(HealthResult.TlsError.class,
                    t -> assertThat(t.detail()).contains("certificate not trusted").contains("127.0.0.1:" + lab.port()));
        }
    }

    @Test
    void aLongBodyIsCutTo200CharactersAndRedirectsAreNotFollowed() throws IOException {
        // Plain HTTP on loopback: what is tested here is the answer's handling, not TLS.
        HttpServer plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        plain.createContext("/long", exchange -> {
            byte[] body = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            try (exchange; OutputStream out = exchange.getResponseBody()) { out.write(body); }
        });
        plain.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "/long");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        plain.start();
        try {
            String base = "http://127.0.0.1:" + plain.getAddress().getPort();

            assertThat(probe.probe(URI.create(base + "/long"))).isInstanceOfSatisfying(HealthResult.Unhealthy.class, u -> {
                assertThat(u.status()).isEqualTo(500);
                assertThat(u.bodyExcerpt()).hasSize(HealthProbe.EXCERPT_CHARS);
            });
            assertThat(probe.probe(URI.create(base + "/moved"))).isInstanceOfSatisfying(HealthResult.Unhealthy.class,
                    u -> assertThat(u.status()).isEqualTo(302));
        } finally {
            plain.stop(0);
        }
    }

    @Test
    void aClosedPortIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        HealthResult result = probe.probe(URI.create("https://127.0.0.1:" + port + "/healthz"));

        assertThat(result).isInstanceOfSatisfying(HealthResult.Unreachable.class,
                u -> assertThat(u.reason()).isEqualTo("connection-refused"));
    }

    @Test
    void anUnknownHostIsDns() {
        HealthResult result = probe.probe(URI.create("https://no-such-host.invalid/healthz"));

        assertThat(result).isInstanceOfSatisfying(HealthResult.Unreachable.class,
                u -> assertThat(u.reason()).isEqualTo("dns"));
    }

    @Test
    void aFileWithoutCertificatesIsRefusedAtConstruction() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.pem"), "not a certificate\n");

        assertThatThrownBy(() -> new HealthProbe(TIMEOUT, Optional.of(empty)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty.pem");
    }
}
