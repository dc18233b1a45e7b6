package io.pitcrew.config;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.pitcrew.redact.Credentials;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.TextFile;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A kubeconfig file, read only as far as pitcrew needs it before connecting: which contexts it has. */
public record Kubeconfig(Path file, List<String> contexts) {

    /** Kubeconfigs are written by tools and carry certificates and tokens inline: larger files, longer lines. */
    public static final TextFile.Limits LIMITS = new TextFile.Limits("a kubeconfig", YamlDocument.LARGEST_FILE, 1 << 20);

    public Kubeconfig {
        contexts = List.copyOf(contexts);
    }

    /**
     * Reads a kubeconfig. The file is first read as YAML so that syntax and shape mistakes get a line; Fabric8
     * then reads it as the client will, so what passes here is what {@code doctor} can use.
     */
    public static Kubeconfig read(Path file) {
        YamlDocument doc = YamlDocument.read(file, LIMITS);
        JsonNode root = doc.root();
        String fix = "use the kubeconfig kubectl uses (kubectl config view --raw shows it), or make one with "
                + "aws eks update-kubeconfig";
        if (root.isMissingNode() || root.isNull()) {
            throw new InvalidInputException(new Problem(doc.source(), 0, "", "not a kubeconfig: the file is empty", fix));
        }
        if (!root.isObject()) {
            throw new InvalidInputException(doc.problem(JsonPointer.empty(),
                    "not a kubeconfig: expected a mapping with apiVersion, kind: Config, clusters, contexts and users, "
                            + "got " + ConfigLoader.describe(root), fix));
        }
        JsonNode contexts = root.get("contexts");
        if (contexts != null && !contexts.isNull() && !contexts.isArray()) {
            throw new InvalidInputException(doc.problem(JsonPointer.compile("/contexts"),
                    "not a kubeconfig: expected a list of contexts, got " + ConfigLoader.describe(contexts), fix));
        }
        Config config;
        try {
            config = KubeConfigUtils.parseConfig(file.toFile());
        } catch (RuntimeException e) {
            throw new InvalidInputException(new Problem(doc.source(), 0, "",
                    "not a kubeconfig Fabric8 can read: " + firstLine(e.getMessage()), fix));
        }
        List<String> names = config.getContexts() == null ? List.of()
                : config.getContexts().stream().map(NamedContext::getName).filter(Objects::nonNull).toList();
        if (config.getUsers() != null) config.getUsers().stream().map(NamedAuthInfo::getUser).filter(Objects::nonNull).forEach(Kubeconfig::sent);
        return new Kubeconfig(file, names);
    }

    /**
     * Every credential a user entry holds is sent to its API server by the client, so an API server (or a proxy in
     * front of it) that echoes its request must not bring one into a report. A token an exec plugin makes (EKS's
     * {@code aws eks get-token}) is not in the file: {@link Credentials#scrub} knows its shape instead.
     */
    private static void sent(AuthInfo user) {
        Credentials.sent(user.getToken());
        if (user.getTokenFile() != null) Credentials.sent(tokenIn(Path.of(user.getTokenFile())));
        Credentials.sentBasic(user.getUsername(), user.getPassword());
        Credentials.sent(user.getClientKeyData());
        if (user.getAuthProvider() != null && user.getAuthProvider().getConfig() != null) {
            user.getAuthProvider().getConfig().forEach((key, value) -> {
                if (key.endsWith("token") || key.endsWith("secret")) Credentials.sent(value);
            });
        }
    }

    /** The token a user entry's {@code tokenFile} holds, as the client will send it; null when it cannot be read. */
    private static String tokenIn(Path file) {
        try {
            return Files.size(file) <= 64 * 1024 ? Files.readString(file).strip() : null;
        } catch (IOException | RuntimeException e) {
            return null; // the client says why when it reads the file itself
        }
    }

    /** A problem, placed in pitcrew.yaml where it is fixed, for each region whose context this file lacks. */
    public List<Problem> missingContexts(PitcrewConfig config, YamlDocument configDoc) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < config.regions().size(); i++) {
            Region r = config.regions().get(i);
            if (contexts.contains(r.context())) continue;
            String available = contexts.isEmpty() ? "it has no contexts at all" : "available: " + String.join(", ", contexts);
            String hint = NearestKey.to(r.context(), contexts).map(c -> "did you mean " + c + "? ").orElse("");
            problems.add(configDoc.problem(JsonPointer.compile("/regions/" + i + "/context"),
                    "context '" + r.context() + "' of region " + r.name() + " is not in " + file + " (" + available + ")",
                    hint + "set context: to one of the available contexts, or add this region's cluster to the "
                            + "kubeconfig, e.g. aws eks update-kubeconfig --name <cluster> --region <region> --alias "
                            + r.context()));
        }
        return problems;
    }

    /**
     * Fails with every region whose context this file lacks, when there is no pitcrew.yaml to point into (the
     * runbook's defaults are in use).
     */
    public void requireContexts(List<Region> regions) {
        List<Problem> problems = new ArrayList<>();
        for (Region r : regions) {
            if (contexts.contains(r.context())) continue;
            String available = contexts.isEmpty() ? "it has no contexts at all" : "it has: " + String.join(", ", contexts);
            problems.add(new Problem(file.toString(), 0, "", "region " + r.name() + ": context '" + r.context()
                    + "' is not in the kubeconfig (" + available + ")",
                    "set regions[].context in pitcrew.yaml to one of those, or add the cluster with "
                            + "aws eks update-kubeconfig --name <cluster> --region " + r.name() + " --alias " + r.context()));
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
