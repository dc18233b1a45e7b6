package io.pitcrew.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What pitcrew probes besides Kubernetes: the DNS server to ask and the image mirror to compare with upstream.
 * Both are optional; without them the DNS and mirror checks say they did not run, rather than guess.
 *
 * @param dnsServer present when DNS is probed: {@code host:port} of the resolver to ask, or {@code system}
 * @param mirror    the mirrored Coder image and its upstream
 */
public record Probes(Optional<String> dnsServer, Optional<Mirror> mirror, Optional<Health> health, Optional<Coder> coder,
                     Optional<LiteLLM> litellm) {

    public Probes(Optional<String> dnsServer, Optional<Mirror> mirror, Optional<Health> health, Optional<Coder> coder) {
        this(dnsServer, mirror, health, coder, Optional.empty());
    }

    public Probes(Optional<String> dnsServer, Optional<Mirror> mirror) {
        this(dnsServer, mirror, Optional.empty(), Optional.empty());
    }

    /**
     * coderd's API, for what only Coder knows (workspace proxy health, provisioner daemons, the job queue, stuck
     * builds). The session token comes from an environment variable or a file, read per sweep and sent only to
     * {@code url}.
     *
     * @param organization whose provisioner daemons and jobs to read: a name or id ({@code default} is Coder's
     *                     default organization)
     */
    public record Coder(String url, Optional<String> tokenEnv, Optional<Path> tokenFile, String organization) {

        public Coder(String url, Optional<String> tokenEnv, Optional<Path> tokenFile) {
            this(url, tokenEnv, tokenFile, "default");
        }
    }

    /**
     * The regions' health endpoints (the runbook's {@code curl -I https://<domain>/healthz}).
     *
     * @param urls   per region name; a region not listed is probed at {@code https://<domain>/healthz}
     * @param caFile trust only the CA certificates in this PEM file instead of the system's
     */
    public record Health(Map<String, String> urls, Optional<Path> caFile) {

        public String url(Region region) {
            return urls.getOrDefault(region.name(), "https://" + region.domain() + "/healthz");
        }
    }

    /**
     * A private mirror of an upstream image (the runbook's ECR mirror of {@code ghcr.io/coder/coder-preview}).
     *
     * @param passwordEnv  the environment variable holding the mirror's password (for ECR: the output of
     *                     {@code aws ecr get-login-password}); the value is never stored in the config
     * @param passwordFile or a file holding it (mode 0600), e.g. written by a token refresher
     */
    public record Mirror(String upstream, String image, String username, Optional<String> passwordEnv,
                         Optional<Path> passwordFile) {}

    /**
     * The LiteLLM proxy (the runbook's {@code curl -I https://<litellm-alb-endpoint>/health}). Readiness and
     * liveliness need no key; the authenticated {@code /health}, which makes real model calls to Bedrock and
     * Vertex, is asked only when a key is given (environment variable or file, read per sweep, sent only to
     * {@code url} as {@code Authorization: Bearer}).
     *
     * @param caFile trust only the CA certificates in this PEM file instead of the system's
     */
    public record LiteLLM(String url, Optional<String> keyEnv, Optional<Path> keyFile,
                          Optional<Path> caFile) {}

    public static Probes none() {
        return new Probes(Optional.empty(), Optional.empty());
    }
}
