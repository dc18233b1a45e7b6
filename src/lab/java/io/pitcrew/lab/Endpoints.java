package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Service;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The lab's stand-ins for what is not Kubernetes: Cloudflare's DNS for the three domains, ghcr.io and the private
 * ECR mirror of {@code coder-preview}. Their healthy state follows the clusters: each domain and its wildcard lead
 * to the region's coder load balancer, and the mirror holds the upstream image.
 */
final class Endpoints implements AutoCloseable {

    static final String UPSTREAM_REPO = "coder/coder-preview";
    static final String MIRROR_REPO = "coder-preview";
    static final String TAG = "latest";
    static final String BUILD = "v2.26.0-devel+3a1f2e9c";

    final LabDns dns = LabDns.start();
    final LabRegistry upstream = LabRegistry.upstream();
    /** The mirror's password: random per lab, written to a 0600 file pitcrew.yaml points at. */
    final String mirrorPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    final LabRegistry mirror = LabRegistry.mirror(mirrorPassword);
    /** Each region's /healthz behind TLS with the lab's own CA. */
    final LabHealth health = LabHealth.start(List.of("us-east-2", "us-west-2", "eu-west-2"));
    /** coderd's API, with a random session token written to a 0600 file pitcrew.yaml points at. */
    final String coderToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    final LabCoderApi coder = LabCoderApi.start(coderToken);
    /** LiteLLM, with a random key written to a 0600 file pitcrew.yaml points at. */
    final String litellmKey = "sk-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    final LabLiteLLM litellm = LabLiteLLM.start(litellmKey, "sk-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));

    /** Each region's coder NLB hostname, from its Service, and the address the lab gives it. */
    void healthy(Map<String, Service> coderServices) {
        dns.clear();
        int i = 0;
        for (var e : coderServices.entrySet()) {
            String region = e.getKey();
            String elb = elb(e.getValue());
            String domain = domain(region);
            dns.set(elb, new LabDns.Answer.Address(List.of("10.0." + (++i) + ".10", "10.0." + i + ".11")));
            dns.set(domain, new LabDns.Answer.Cname(elb));
            dns.setWildcard(domain, new LabDns.Answer.Cname(elb));
        }
        health.reset();
        coder.reset();
        litellm.reset();
        upstream.clearFailure();
        mirror.clearFailure();
        upstream.put(UPSTREAM_REPO, TAG, BUILD);
        mirror.put(MIRROR_REPO, TAG, BUILD); // same seed, same manifest bytes: in sync
    }

    static String elb(Service s) {
        return s.getStatus().getLoadBalancer().getIngress().getFirst().getHostname();
    }

    static String domain(String region) {
        return switch (region) {
            case "us-east-2" -> "ai.coder.com";
            case "us-west-2" -> "oregon-proxy.ai.coder.com";
            case "eu-west-2" -> "emea-proxy.ai.coder.com";
            default -> region + ".ai.coder.com";
        };
    }

    String upstreamImage() { return upstream.host() + "/" + UPSTREAM_REPO + ":" + TAG; }

    String mirrorImage() { return mirror.host() + "/" + MIRROR_REPO + ":" + TAG; }

    @Override
    public void close() {
        dns.close();
        health.close();
        coder.close();
        litellm.close();
        upstream.close();
        mirror.close();
    }
}
