package io.pitcrew.lab;

import io.pitcrew.observe.health.HealthProbe;
import io.pitcrew.observe.health.HealthResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's /healthz over real TLS, read with pitcrew's own HealthProbe trusting only the lab CA. */
class LabHealthTest {

    static final List<String> REGIONS = List.of("us-east-2", "us-west-2", "eu-west-2");

    @TempDir Path tmp;
    private LabHealth lab;
    private HealthProbe probe;

    @BeforeEach
    void start() throws IOException {
        lab = LabHealth.start(REGIONS);
        probe = new HealthProbe(Duration.ofSeconds(5), Optional.of(Files.writeString(tmp.resolve("ca.pem"), lab.caPem())));
    }

    @AfterEach
    void stop() {
        probe.close();
        lab.close();
    }

    @Test
    void everyRegionStartsOkAndIsServedOnLoopback() {
        for (String region : REGIONS) {
            URI url = lab.url(region);
            assertThat(url.toString()).isEqualTo("https://127.0.0.1:" + lab.port() + "/healthz/" + region);
            assertThat(probe.probe(url)).isInstanceOfSatisfying(HealthResult.Healthy.class, h -> assertThat(h.status()).isEqualTo(200));
        }
    }

    @Test
    void stateIsPerRegionAndChangesAtRunTime() {
        lab.set("us-west-2", LabHealth.State.FAILING);

        assertThat(probe.probe(lab.url("us-west-2"))).isInstanceOfSatisfying(HealthResult.Unhealthy.class, u -> {
            assertThat(u.status()).isEqualTo(503);
            assertThat(u.bodyExcerpt()).startsWith("{\"message\":");
        });
        assertThat(probe.probe(lab.url("us-east-2"))).isInstanceOf(HealthResult.Healthy.class);

        lab.set("us-west-2", LabHealth.State.OK);
        assertThat(probe.probe(lab.url("us-west-2"))).isInstanceOf(HealthResult.Healthy.class);
    }

    @Test
    void resetAnswersARequestThatWasHanging() throws Exception {
        lab.set("eu-west-2", LabHealth.State.HANGING);
        CompletableFuture<HealthResult> inFlight = CompletableFuture.supplyAsync(() -> probe.probe(lab.url("eu-west-2")));
        awaitHanging(1);
        assertThat(inFlight).isNotDone();

        lab.reset();

        assertThat(inFlight.get(2, TimeUnit.SECONDS)).isInstanceOf(HealthResult.Healthy.class);
        assertThat(lab.hangingRequests()).isZero();
    }

    @Test
    void settingAnotherRegionDoesNotReleaseAHangingOne() throws Exception {
        lab.set("eu-west-2", LabHealth.State.HANGING);
        CompletableFuture<HealthResult> inFlight = CompletableFuture.supplyAsync(() -> probe.probe(lab.url("eu-west-2")));
        awaitHanging(1);

        lab.set("us-east-2", LabHealth.State.FAILING);
        Thread.sleep(200);

        assertThat(inFlight).isNotDone();
        lab.set("eu-west-2", LabHealth.State.OK);
        assertThat(inFlight.get(2, TimeUnit.SECONDS)).isInstanceOf(HealthResult.Healthy.class);
    }

    @Test
    void closeReturnsPromptlyWithAHangingRequestInFlight() throws Exception {
        lab.set("us-east-2", LabHealth.State.HANGING);
        CompletableFuture<HealthResult> inFlight = CompletableFuture.supplyAsync(() -> probe.probe(lab.url("us-east-2")));
        awaitHanging(1);

        long start = System.nanoTime();
        lab.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(3));
        // The client is not left waiting out its 5 s either: the connection is dropped unanswered (still in the TLS
        // handshake when the server closed, the client calls it a TLS error; after it, unreachable).
        assertThat(inFlight.get(2, TimeUnit.SECONDS)).isInstanceOfAny(HealthResult.Unreachable.class, HealthResult.TlsError.class);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("lab-health"))
                .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    }

    @Test
    void caPemIsACaThatSignedACertificateForLocalhostAndTheLoopbackIp() throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(lab.caPem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(lab.caPem()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");

        // localhost is in the certificate too (if it resolves to IPv4 loopback here).
        HealthResult byName = probe.probe(URI.create("https://localhost:" + lab.port() + "/healthz/us-east-2"));
        assertThat(byName).isInstanceOfAny(HealthResult.Healthy.class, HealthResult.Unreachable.class);
        assertThat(byName).isNotInstanceOf(HealthResult.TlsError.class);
    }

    @Test
    void eachStartHasItsOwnCa() {
        try (LabHealth other = LabHealth.start(REGIONS)) {
            assertThat(other.caPem()).isNotEqualTo(lab.caPem());
            // Our probe trusts only the first lab's CA.
            assertThat(probe.probe(other.url("us-east-2"))).isInstanceOf(HealthResult.TlsError.class);
        }
    }

    @Test
    void unknownRegionsAreRefusedAndAnswered404() {
        assertThatThrownBy(() -> lab.url("ap-south-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ap-south-1");
        assertThatThrownBy(() -> lab.set("ap-south-1", LabHealth.State.OK)).isInstanceOf(IllegalArgumentException.class);

        URI unknown = URI.create("https://127.0.0.1:" + lab.port() + "/healthz/ap-south-1");
        assertThat(probe.probe(unknown)).isInstanceOfSatisfying(HealthResult.Unhealthy.class, u -> assertThat(u.status()).isEqualTo(404));
    }

    private void awaitHanging(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (lab.hangingRequests() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("no request reached the hanging region");
            Thread.sleep(10);
        }
    }
}
