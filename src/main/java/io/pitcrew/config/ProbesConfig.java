package io.pitcrew.config;

import io.pitcrew.image.ImageRef;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pitcrew.config.ConfigSection.describe;
import static io.pitcrew.config.ConfigSection.given;

/**
 * Reads the probes' sections of pitcrew.yaml — {@code dns:}, {@code mirror:}, {@code health:}, {@code coder:},
 * {@code litellm:} — into {@link Probes}: each is opt-in, so an absent section is a probe not run.
 */
final class ProbesConfig {

    static final List<String> DNS_KEYS = List.of("server");
    static final List<String> MIRROR_KEYS = List.of("upstream", "image", "username", "passwordEnv", "passwordFile");
    static final List<String> HEALTH_KEYS = List.of("caFile", "urls");
    static final List<String> CODER_KEYS = List.of("url", "tokenEnv", "tokenFile", "organization");
    static final List<String> LITELLM_KEYS = List.of("url", "keyEnv", "keyFile", "caFile");

    private ProbesConfig() {}

    /** The five probe sections of the root, in the file's walk order; health's URLs must name known regions. */
    static Probes read(ConfigSection top, List<Region> regions) {
        return new Probes(dnsServer(top), mirror(top), health(top, regions), coder(top), litellm(top));
    }

    private static Optional<String> dnsServer(ConfigSection top) {
        if (!top.node.has("dns")) return Optional.empty();
        ConfigSection dns = top.section("dns", DNS_KEYS);
        String server = dns.text("server", "system", "the resolver to ask, as host:port (e.g. 10.0.0.2:53) or system");
        if (server == null) return Optional.empty();
        if (server.equals("system")) return Optional.of(server);
        int colon = server.lastIndexOf(':');
        boolean ok = colon > 0 && server.substring(colon + 1).matches("\\d{1,5}")
                && Integer.parseInt(server.substring(colon + 1)) <= 65535;
        if (!ok) {
            dns.problem(dns.at("server"), "'" + server + "' is not host:port",
                    "write the resolver as host:port, e.g. 10.0.0.2:53, or remove dns to use the system resolver");
            return Optional.empty();
        }
        return Optional.of(server);
    }

    private static Optional<Probes.Mirror> mirror(ConfigSection top) {
        if (!top.node.has("mirror")) return Optional.empty();
        ConfigSection m = top.section("mirror", MIRROR_KEYS);
        String upstream = m.text("upstream", "ghcr.io/coder/coder-preview:latest", "the upstream image, e.g. ghcr.io/coder/coder-preview:latest");
        String image = m.text("image", null, "the mirrored image, e.g. 123456789012.dkr.ecr.us-east-2.amazonaws.com/coder-preview:latest");
        String username = m.text("username", "AWS", "the mirror's user name (ECR: AWS)");
        String passwordEnv = m.text("passwordEnv", "", "the environment variable that holds the mirror's password");
        String passwordFile = m.text("passwordFile", "", "a file holding the mirror's password, relative to this file");
        for (var e : Map.of("upstream", upstream == null ? "" : upstream, "image", image == null ? "" : image).entrySet()) {
            if (e.getValue().isEmpty()) continue;
            try {
                ImageRef.parse(e.getValue());
            } catch (IllegalArgumentException ex) {
                m.problem(m.at(e.getKey()), ex.getMessage(), "write an image reference like registry/repository:tag");
            }
        }
        if (passwordEnv != null && !passwordEnv.isEmpty() && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            m.problem(m.at("passwordEnv"), "'" + passwordEnv + "' is not an environment variable name",
                    "name the variable, e.g. PITCREW_MIRROR_PASSWORD; never put the password itself in the file");
        }
        if (upstream == null || image == null || username == null) return Optional.empty();
        return Optional.of(new Probes.Mirror(upstream, image, username,
                passwordEnv == null || passwordEnv.isEmpty() ? Optional.empty() : Optional.of(passwordEnv),
                passwordFile == null || passwordFile.isEmpty() ? Optional.empty() : Optional.of(m.baseDir().resolve(passwordFile).normalize())));
    }

    private static Optional<Probes.Coder> coder(ConfigSection top) {
        if (!top.node.has("coder")) return Optional.empty();
        ConfigSection c = top.section("coder", CODER_KEYS);
        String url = c.text("url", null, "coderd's URL, e.g. https://ai.coder.com");
        String tokenEnv = c.text("tokenEnv", "CODER_SESSION_TOKEN", "the environment variable holding a session token");
        String tokenFile = c.text("tokenFile", "", "a file holding a session token, relative to this file");
        String organization = c.text("organization", "default", "the organization whose provisioners to read, e.g. default");
        if (organization != null && !organization.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            c.problem(c.at("organization"), "'" + organization + "' is not an organization name or id",
                    "write the organization's name or id, e.g. default");
            return Optional.empty();
        }
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            c.problem(c.at("url"), "'" + url + "' is not an http(s) URL", "write coderd's URL, e.g. https://ai.coder.com");
            return Optional.empty();
        }
        if (url == null) return Optional.empty();
        return Optional.of(new Probes.Coder(url, tokenEnv == null || tokenEnv.isEmpty() ? Optional.empty() : Optional.of(tokenEnv),
                tokenFile == null || tokenFile.isEmpty() ? Optional.empty() : Optional.of(c.baseDir().resolve(tokenFile).normalize()),
                organization == null ? "default" : organization));
    }

    private static Optional<Probes.LiteLLM> litellm(ConfigSection top) {
        if (!top.node.has("litellm")) return Optional.empty();
        ConfigSection l = top.section("litellm", LITELLM_KEYS);
        String url = l.text("url", null, "LiteLLM's base URL, e.g. https://litellm.ai.coder.com");
        Optional<String> keyEnv = given(l.text("keyEnv", "", "the environment variable holding a LiteLLM key (sk-...) for /health"));
        Optional<Path> keyFile = given(l.text("keyFile", "", "a file holding a LiteLLM key, relative to this file")).map(f -> l.baseDir().resolve(f).normalize());
        String caFile = l.text("caFile", "", "a PEM file of the CA certificates to trust, relative to this file");
        keyEnv.filter(v -> !v.matches("[A-Za-z_][A-Za-z0-9_]*")).ifPresent(v -> l.problem(l.at("keyEnv"),
                "'" + v + "' is not an environment variable name", "name the variable, e.g. LITELLM_KEY; never put the key itself in the file"));
        Optional<Path> ca = given(caFile).map(f -> l.baseDir().resolve(f).normalize());
        ca.filter(p -> !Files.isReadable(p)).ifPresent(p -> l.problem(l.at("caFile"), "'" + caFile + "' cannot be read (resolved to " + p + ")",
                "point caFile at a PEM file of CA certificates, or remove it to trust the system's CAs"));
        boolean http = url != null && (url.startsWith("https://") || url.startsWith("http://"));
        if (url != null && !http) l.problem(l.at("url"), "'" + url + "' is not an http(s) URL", "write LiteLLM's base URL, e.g. https://litellm.ai.coder.com");
        return http ? Optional.of(new Probes.LiteLLM(url, keyEnv, keyFile, ca)) : Optional.empty();
    }

    private static Optional<Probes.Health> health(ConfigSection top, List<Region> regions) {
        if (!top.node.has("health")) return Optional.empty();
        ConfigSection h = top.section("health", HEALTH_KEYS);
        String caFile = h.text("caFile", "", "a PEM file of the CA certificates to trust, relative to this file");
        Optional<Path> ca = caFile == null || caFile.isEmpty() ? Optional.empty() : Optional.of(h.baseDir().resolve(caFile).normalize());
        ca.filter(p -> !Files.isReadable(p)).ifPresent(p -> h.problem(h.at("caFile"), "'" + caFile + "' cannot be read (resolved to " + p + ")",
                "point caFile at a PEM file of CA certificates, or remove it to trust the system's CAs"));
        Map<String, String> urls = new LinkedHashMap<>();
        JsonNode u = h.node.get("urls");
        if (u != null && !u.isNull()) {
            if (!u.isObject()) {
                h.problem(h.at("urls"), "expected a mapping of region name to URL, got " + describe(u), "write urls:\n    us-east-2: https://ai.coder.com/healthz");
            } else {
                for (String region : u.propertyNames()) {
                    JsonPointer at = h.at("urls").appendProperty(region);
                    if (regions.stream().noneMatch(r -> r.name().equals(region))) {
                        h.problem(at, "no region named '" + region + "'", "use a name from regions: " + String.join(", ", regions.stream().map(Region::name).toList()));
                        continue;
                    }
                    String url = u.get(region).asString("");
                    if (!url.startsWith("https://") && !url.startsWith("http://")) {
                        h.problem(at, "'" + url + "' is not an http(s) URL", "write the full URL, e.g. https://ai.coder.com/healthz");
                        continue;
                    }
                    urls.put(region, url);
                }
            }
        }
        return Optional.of(new Probes.Health(Map.copyOf(urls), ca));
    }
}
