package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.pitcrew.observe.EndpointHealth;
import io.pitcrew.observe.MirrorDigests;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.dns.DnsAnswer;
import io.pitcrew.observe.dns.DnsOutcome;
import io.pitcrew.observe.dns.DomainAnswers;
import io.pitcrew.observe.health.HealthResult;
import io.pitcrew.observe.registry.DigestResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pitcrew.check.SnapshotFixture.CONTEXT;
import static io.pitcrew.check.SnapshotFixture.NOW;
import static io.pitcrew.check.SnapshotFixture.region;
import static org.assertj.core.api.Assertions.assertThat;

/** The checks over what the sweep probes outside Kubernetes: DNS answers and the mirror's digests. */
class ProbeChecksTest {

    private static final String ELB = "k8s-coder-coder-abc-123.elb.us-east-2.amazonaws.com";
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    private static Snapshot snapshot(List<DomainAnswers> dns, Optional<MirrorDigests> mirror) {
        var control = region().services(new ServiceBuilder().withNewMetadata().withName("coder").withNamespace("coder").endMetadata()
                .withNewSpec().withType("LoadBalancer").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withHostname(ELB).endIngress().endLoadBalancer().endStatus()
                .build()).build();
        return Snapshot.of(NOW, List.<RegionObservation>of(control)).dns(dns).mirror(mirror).build();
    }

    private static DnsAnswer answer(String name, DnsOutcome outcome, List<String> cnames, List<String> addresses) {
        return new DnsAnswer(name, cnames, addresses, outcome, "127.0.0.1:5353");
    }

    @Test
    void aNameThatDoesNotResolveIsReportedWithItsOutcome() {
        var dns = List.of(new DomainAnswers("ai.coder.com",
                answer("ai.coder.com", new DnsOutcome.Resolved(), List.of(ELB), List.of("10.0.1.10")),
                answer("pitcrew-probe.ai.coder.com", new DnsOutcome.NxDomain(), List.of(), List.of())));
        var signals = new DnsRoutingCheck().check(snapshot(dns, Optional.empty()), CONTEXT);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("dns-does-not-resolve");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.evidence().getFirst().name()).isEqualTo("pitcrew-probe.ai.coder.com");
            assertThat(s.evidence().getFirst().detail()).contains("does not resolve").contains("NXDOMAIN");
        });
    }

    @Test
    void aNameThatDoesNotResolveIsReportedEvenWithoutALoadBalancerToCompareWith() {
        var dns = List.of(new DomainAnswers("ai.coder.com",
                answer("ai.coder.com", new DnsOutcome.NxDomain(), List.of(), List.of()),
                answer("pitcrew-probe.ai.coder.com", new DnsOutcome.Resolved(), List.of(), List.of("10.0.1.10"))));
        var noBalancer = Snapshot.of(NOW, List.<RegionObservation>of(region().build())).dns(dns).build();
        assertThat(new DnsRoutingCheck().check(noBalancer, CONTEXT)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("dns-does-not-resolve");
            assertThat(s.evidence()).singleElement().satisfies(e -> assertThat(e.detail())
                    .contains("ai.coder.com does not resolve (NXDOMAIN", "no load balancer Service"));
        });
    }

    @Test
    void aFailingHealthEndpointIsHeardEvenWhenNoCoderPodIsSeen() {
        var health = Map.of("us-east-2", new EndpointHealth("https://ai.coder.com/healthz",
                new HealthResult.Unhealthy(503, "no healthy upstream", Duration.ofMillis(12))));
        var noCoderPods = Snapshot.of(NOW, List.<RegionObservation>of(region().build())).health(health).build();
        assertThat(new HealthCheck().check(noCoderPods, CONTEXT)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("health-check-failing");
            assertThat(s.summary()).contains("https://ai.coder.com/healthz fails; no coder pod runs in coder");
            assertThat(s.evidence().getFirst().detail()).isEqualTo("HTTP 503: no healthy upstream");
        });
        var healthy = Map.of("us-east-2", new EndpointHealth("https://ai.coder.com/healthz",
                new HealthResult.Healthy(200, Duration.ofMillis(12))));
        assertThat(new HealthCheck().check(Snapshot.of(NOW, List.<RegionObservation>of(region().build())).health(healthy).build(), CONTEXT)).isEmpty();
    }

    @Test
    void namesThroughTheExpectedLoadBalancerRaiseNothing() {
        var dns = List.of(new DomainAnswers("ai.coder.com",
                answer("ai.coder.com", new DnsOutcome.Resolved(), List.of(ELB), List.of("10.0.1.10")),
                answer("pitcrew-probe.ai.coder.com", new DnsOutcome.Resolved(), List.of(ELB), List.of("10.0.1.10"))));
        assertThat(new DnsRoutingCheck().check(snapshot(dns, Optional.empty()), CONTEXT)).isEmpty();
        assertThat(new DnsRoutingCheck().check(snapshot(List.of(), Optional.empty()), CONTEXT)).isEmpty();
    }

    @Test
    void mirrorDigestsDifferOrTheTagIsMissing() {
        var differs = new MirrorDigests("ghcr.io/coder/coder-preview:latest", new DigestResult.Found(A, "application/vnd.oci.image.index.v1+json"),
                "123.dkr.ecr.us-east-2.amazonaws.com/coder-preview:latest", new DigestResult.Found(B, "application/vnd.oci.image.index.v1+json"));
        assertThat(new MirrorSyncCheck().check(snapshot(List.of(), Optional.of(differs)), CONTEXT)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("mirror-digest-differs");
            assertThat(s.evidence().getFirst().detail()).isEqualTo("mirror " + B + "; upstream ghcr.io/coder/coder-preview:latest is " + A);
        });
        var missing = new MirrorDigests(differs.upstreamRef(), differs.upstream(), differs.mirrorRef(),
                new DigestResult.Missing("MANIFEST_UNKNOWN", "manifest unknown"));
        assertThat(new MirrorSyncCheck().check(snapshot(List.of(), Optional.of(missing)), CONTEXT))
                .extracting(Signal::id).containsExactly("mirror-tag-missing");
    }

    @Test
    void aMirrorInSyncOrUnreadableUpstreamRaisesNothing() {
        var same = new MirrorDigests("u", new DigestResult.Found(A, "x"), "m", new DigestResult.Found(A, "x"));
        assertThat(new MirrorSyncCheck().check(snapshot(List.of(), Optional.of(same)), CONTEXT)).isEmpty();
        var upstreamDown = new MirrorDigests("u", new DigestResult.Unreachable("timeout", "no answer"), "m", new DigestResult.Found(A, "x"));
        assertThat(new MirrorSyncCheck().check(snapshot(List.of(), Optional.of(upstreamDown)), CONTEXT)).isEmpty();
        assertThat(new MirrorSyncCheck().check(snapshot(List.of(), Optional.empty()), CONTEXT)).isEmpty();
    }

    @Test
    void aMirrorAskedWithoutAwsCredentialsIsACouldNotAskThatSaysWhyAndNoFinding() {
        String why = "no AWS credentials: tried environment (AWS_ACCESS_KEY_ID not set); fix: aws sso login --profile NAME";
        String ref = "123456789012.dkr.ecr.us-east-2.amazonaws.com/coder-preview:latest";
        var refused = new MirrorDigests("u", new DigestResult.Found(A, "x"), ref,
                new DigestResult.Denied(401, "UNAUTHORIZED", "authentication required"), Optional.of(why));
        Snapshot s = snapshot(List.of(), Optional.of(refused));
        assertThat(new MirrorSyncCheck().check(s, CONTEXT)).isEmpty();
        assertThat(s.notAsked()).containsExactly("mirror " + ref + ": " + why);

        // a mirror that did not answer at all is that, whatever pitcrew's credentials
        var down = new MirrorDigests("u", new DigestResult.Found(A, "x"), ref, new DigestResult.Unreachable("timeout", "no answer"),
                Optional.of(why));
        assertThat(snapshot(List.of(), Optional.of(down)).notAsked()).singleElement().asString().startsWith("mirror " + ref + ": timeout: no answer");
        // with a password that the mirror refused, its refusal and the 12-hour hint stay
        var expired = new MirrorDigests("u", new DigestResult.Found(A, "x"), ref, refused.mirror());
        assertThat(snapshot(List.of(), Optional.of(expired)).notAsked()).singleElement().asString()
                .contains("HTTP 401 UNAUTHORIZED", "an ECR password lasts 12 h");
    }
}
