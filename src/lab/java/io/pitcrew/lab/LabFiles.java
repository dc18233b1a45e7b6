package io.pitcrew.lab;

import io.pitcrew.config.Region;
import io.pitcrew.config.Workshop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** What a running lab leaves in its directory: how to reach it (kubeconfig, pitcrew.yaml) and how to drive it (lab.json). */
final class LabFiles {

    static final String KUBECONFIG = "kubeconfig";
    static final String CONFIG = "pitcrew.yaml";
    static final String STATE = "lab.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LabFiles() {}

    static final String MIRROR_PASSWORD = "mirror-password";
    static final String CA = "lab-ca.pem";
    static final String CODER_TOKEN = "coder-token";
    static final String LITELLM_KEY = "litellm-key";

    static void write(Path dir, List<Region> regions, Map<String, Integer> ports, int controlPort, String scenario,
                      Endpoints endpoints, List<Workshop> workshops) {
        // naming the kubeconfig here lets `pitcrew doctor --config DIR/pitcrew.yaml` (and serve, fix) find the lab's regions
        StringBuilder config = new StringBuilder("# written by `pitcrew lab up`\nkubeconfig: " + KUBECONFIG + "\nregions:\n");
        for (Region r : regions) {
            config.append("  - {name: ").append(r.name()).append(", context: ").append(r.context()).append(", role: ")
                    .append(r.role().id()).append(", domain: ").append(r.domain()).append("}\n");
        }
        config.append("# Cloudflare's DNS, ghcr.io and the ECR mirror, as the lab serves them on loopback\n")
                .append("dns:\n  server: ").append(endpoints.dns.server()).append('\n')
                .append("mirror:\n  upstream: ").append(endpoints.upstreamImage()).append('\n')
                .append("  image: ").append(endpoints.mirrorImage()).append('\n')
                .append("  username: AWS\n  passwordFile: ").append(MIRROR_PASSWORD).append('\n')
                .append("health:\n  caFile: ").append(CA).append("\n  urls:\n");
        for (Region r : regions) config.append("    ").append(r.name()).append(": ").append(endpoints.health.url(r.name())).append('\n');
        config.append("coder:\n  url: ").append(endpoints.coder.url()).append("\n  tokenFile: ")
                .append(CODER_TOKEN).append('\n');
        config.append("litellm:\n  url: ").append(endpoints.litellm.url()).append("\n  keyFile: ").append(LITELLM_KEY).append('\n');
        // everything is on loopback and the lab's LiteLLM calls no real model, so `pitcrew serve` may ask twice a second:
        // a fault seen only by a probe, metrics or logs then shows within about a second too
        config.append("serve:\n  probeInterval: 500ms\n  poll: 500ms\n  liveness: 500ms\n");
        if (!workshops.isEmpty()) {
            config.append("# the workshops a scenario scheduled (lab reset takes them out)\nworkshops:\n");
            for (Workshop w : workshops) {
                config.append("  - {name: ").append(w.name()).append(", start: ").append(w.start()).append(", end: ").append(w.end())
                        .append(", participants: ").append(w.participants()).append("}\n");
            }
        }
        ObjectNode state = JSON.createObjectNode();
        state.put("controlPort", controlPort);
        state.put("pid", ProcessHandle.current().pid());
        state.put("scenario", scenario == null ? "healthy" : scenario);
        ObjectNode p = state.putObject("regions");
        ports.forEach(p::put);
        // the kubeconfig holds the lab's bearer tokens: like every file here with a credential, its owner's only
        writeKubeconfig(dir.resolve(KUBECONFIG), regions, ports, LabFiles::adminToken);
        writeOwnerOnly(dir.resolve(MIRROR_PASSWORD), endpoints.mirrorPassword + "\n");
        writeAtomically(dir.resolve(CA), endpoints.health.caPem());
        writeOwnerOnly(dir.resolve(CODER_TOKEN), endpoints.coderToken + "\n");
        writeOwnerOnly(dir.resolve(LITELLM_KEY), endpoints.litellmKey + "\n");
        writeAtomically(dir.resolve(CONFIG), config.toString());
        writeAtomically(dir.resolve(STATE), state.toPrettyString() + "\n");
    }

    /** The bearer token of the lab's own kubeconfig for a region: a cluster administrator's. */
    static String adminToken(String region) {
        return "lab-token-" + region;
    }

    /** A kubeconfig with one context per region, each region's user holding {@code token.apply(region)}. */
    static void writeKubeconfig(Path file, List<Region> regions, Map<String, Integer> ports,
                                UnaryOperator<String> token) {
        StringBuilder kube = new StringBuilder("# written by `pitcrew lab up`\napiVersion: v1\nkind: Config\nclusters:\n");
        for (Region r : regions) {
            kube.append("- name: ").append(r.name()).append("\n  cluster:\n    server: http://127.0.0.1:")
                    .append(ports.get(r.name())).append('\n');
        }
        kube.append("contexts:\n");
        for (Region r : regions) {
            kube.append("- name: ").append(r.context()).append("\n  context:\n    cluster: ").append(r.name())
                    .append("\n    user: ").append(r.name()).append('\n');
        }
        kube.append("current-context: ").append(regions.getFirst().context()).append("\nusers:\n");
        for (Region r : regions) {
            kube.append("- name: ").append(r.name()).append("\n  user:\n    token: ").append(token.apply(r.name())).append('\n');
        }
        writeOwnerOnly(file, kube.toString());
    }

    /** The control port of the lab running in dir, if its lab.json says there is one. */
    static Optional<Integer> controlPort(Path dir) {
        Path state = dir.resolve(STATE);
        if (!Files.isRegularFile(state)) return Optional.empty();
        try {
            JsonNode node = JSON.readTree(Files.readString(state));
            return node.path("controlPort").isInt() ? Optional.of(node.path("controlPort").asInt()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A lab credential (throwaway, but a credential): readable only by its owner where the file system says who that
     * is, from before its content is written, so no reader catches it open in between.
     */
    private static void writeOwnerOnly(Path file, String content) {
        write(file, content, true);
    }

    private static void writeAtomically(Path file, String content) {
        write(file, content, false);
    }

    private static void write(Path file, String content, boolean ownerOnly) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (ownerOnly && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
