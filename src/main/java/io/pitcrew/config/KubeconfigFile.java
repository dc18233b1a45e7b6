package io.pitcrew.config;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.TextFile;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One kubeconfig file as kubectl loads it before merging: read as YAML first, so that syntax and shape mistakes get
 * a line, then into Fabric8's public kubeconfig model ({@code io.fabric8.kubernetes.api.model.Config}), with every
 * file it refers to made absolute against this file's own directory. kubectl resolves the same references
 * (client-go's {@code ResolveLocalPaths}, clientcmd/loader.go): a cluster's {@code certificate-authority}, a user's
 * {@code client-certificate}, {@code client-key} and {@code tokenFile}, and an exec plugin's {@code command} when it
 * holds a path separator (a bare name is looked up on {@code PATH}).
 */
record KubeconfigFile(Path file, Config config) {

    /** Kubeconfigs are written by tools and carry certificates and tokens inline: larger files, longer lines. */
    private static final TextFile.Limits LIMITS = new TextFile.Limits("a kubeconfig", YamlDocument.LARGEST_FILE, 1 << 20);

    /** Fabric8's own (de)serialisation of its model: the field names and types Fabric8 itself reads. */
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String FIX = "use the kubeconfig kubectl uses (kubectl config view --raw shows it), or make one "
            + "with aws eks update-kubeconfig";
    private static final List<String> LISTS = List.of("clusters", "contexts", "users");

    static KubeconfigFile read(Path file) {
        YamlDocument doc = YamlDocument.read(file, LIMITS);
        JsonNode root = doc.root();
        // An empty file is an empty kubeconfig to kubectl (clientcmd.Load), so it may sit in a KUBECONFIG list.
        if (root.isMissingNode() || root.isNull()) return new KubeconfigFile(file, new Config());
        if (!root.isObject()) {
            throw new InvalidInputException(doc.problem(JsonPointer.empty(),
                    "not a kubeconfig: expected a mapping with apiVersion, kind: Config, clusters, contexts and users, "
                            + "got " + ConfigSection.kind(root), FIX));
        }
        List<Problem> problems = new ArrayList<>();
        for (String list : LISTS) {
            JsonNode items = root.get(list);
            if (items == null || items.isNull()) continue;
            if (!items.isArray()) {
                problems.add(doc.problem(JsonPointer.compile("/" + list), "not a kubeconfig: expected a list of "
                        + list + ", got " + ConfigSection.kind(items), FIX));
            } else {
                problems.addAll(notMappings(doc, list, items));
                problems.addAll(givenTwice(doc, list, items));
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        Config config;
        try {
            config = SERIALIZATION.convertValue(root, Config.class);
        } catch (RuntimeException e) {
            // Fabric8 wraps Jackson's exception, which knows where in the document it stopped
            // Jackson's message would quote the value, and in a kubeconfig that may be a token: say only what it is.
            JacksonException cause = jacksonCause(e);
            JsonPointer at = cause == null ? JsonPointer.empty() : pointer(cause);
            throw new InvalidInputException(doc.problem(at, "not a kubeconfig Fabric8 can read: "
                    + (at.matches() ? "unreadable" : "a value of the wrong type here (" + ConfigSection.kind(root.at(at)) + ")"), FIX));
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Problem> paths = new ArrayList<>();
        if (config.getClusters() != null) {
            for (int i = 0; i < config.getClusters().size(); i++) {
                Cluster c = config.getClusters().get(i).getCluster();
                if (c == null) continue;
                c.setCertificateAuthority(resolve(doc, dir, "/clusters/" + i + "/cluster/certificate-authority", c.getCertificateAuthority(), paths));
            }
        }
        if (config.getUsers() != null) {
            for (int i = 0; i < config.getUsers().size(); i++) {
                AuthInfo u = config.getUsers().get(i).getUser();
                if (u == null) continue;
                String at = "/users/" + i + "/user/";
                u.setClientCertificate(resolve(doc, dir, at + "client-certificate", u.getClientCertificate(), paths));
                u.setClientKey(resolve(doc, dir, at + "client-key", u.getClientKey(), paths));
                u.setTokenFile(resolve(doc, dir, at + "tokenFile", u.getTokenFile(), paths));
                if (u.getExec() != null && u.getExec().getCommand() != null && u.getExec().getCommand().contains(File.separator)) {
                    u.getExec().setCommand(resolve(doc, dir, at + "exec/command", u.getExec().getCommand(), paths));
                }
            }
        }
        if (!paths.isEmpty()) throw new InvalidInputException(paths);
        return new KubeconfigFile(file, config);
    }

    /** An entry of clusters, contexts or users that is not a mapping (a stray "-", a bare name): Fabric8 would read it as null. */
    private static List<Problem> notMappings(YamlDocument doc, String list, JsonNode items) {
        List<Problem> problems = new ArrayList<>();
        String entry = list.substring(0, list.length() - 1);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isObject()) continue;
            problems.add(doc.problem(JsonPointer.compile("/" + list + "/" + i), "not a kubeconfig: expected a mapping with name and "
                    + entry + ", got " + ConfigSection.kind(items.get(i)), "write it as '- name: NAME' with its " + entry
                    + ": underneath, or remove the line; " + FIX));
        }
        return problems;
    }

    /** A name given twice in one list: client-go refuses such a file ("duplicate name ... in list"), so pitcrew does too. */
    private static List<Problem> givenTwice(YamlDocument doc, String list, JsonNode items) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode name = items.get(i).get("name");
            if (name == null || !name.isString()) continue;
            Integer earlier = first.putIfAbsent(name.stringValue(), i);
            if (earlier == null) continue;
            JsonPointer at = JsonPointer.compile("/" + list + "/" + i + "/name");
            problems.add(doc.problem(at, "'" + name.stringValue() + "' is named twice in " + list + " (also "
                            + list + "[" + earlier + "], line " + doc.line(JsonPointer.compile("/" + list + "/" + earlier + "/name")) + ")",
                    "remove or rename one of them; kubectl refuses this file too"));
        }
        return problems;
    }

    /** A file reference made absolute against the kubeconfig's directory, as client-go's {@code ResolvePaths}. */
    private static String resolve(YamlDocument doc, Path dir, String pointer, String ref, List<Problem> problems) {
        if (ref == null || ref.isEmpty()) return ref;
        try {
            Path p = Path.of(ref);
            return p.isAbsolute() ? ref : dir.resolve(p).normalize().toString();
        } catch (InvalidPathException e) {
            problems.add(doc.problem(JsonPointer.compile(pointer), "not a valid path: " + e.getReason(),
                    "write the file's path, absolute or relative to this kubeconfig's directory"));
            return ref;
        }
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException j) return j;
        }
        return null;
    }

    /** Where in the document Jackson stopped, so the problem has a line. */
    private static JsonPointer pointer(JacksonException e) {
        StringBuilder p = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) p.append('/').append(r.getPropertyName().replace("~", "~0").replace("/", "~1"));
            else if (r.getIndex() >= 0) p.append('/').append(r.getIndex());
        }
        return JsonPointer.compile(p.toString());
    }

}
