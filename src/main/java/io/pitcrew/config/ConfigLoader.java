package io.pitcrew.config;

import io.pitcrew.image.ImageRef;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads pitcrew.yaml into a {@link PitcrewConfig}. The whole file is checked before anything is thrown, so a user
 * fixes every mistake in one round instead of one per run; each problem names its line, its path and a fix.
 * See docs/configuration.md for the format.
 */
public final class ConfigLoader {

    private static final List<String> TOP_KEYS = List.of("regions", "names", "thresholds", "runbookDir", "kubeconfig", "dns", "mirror", "health", "coder", "litellm", "logPatterns", "bounds", "notifications", "contacts", "serve", "server");
    static final List<String> SERVE_KEYS = List.of("probeInterval", "poll", "liveness", "tokens");
    private static final List<String> SERVER_KEYS = List.of("url", "tokenFile", "tokenEnv", "staleAfter");
    private static final List<String> CODER_KEYS = List.of("url", "tokenEnv", "tokenFile", "organization");
    private static final List<String> LITELLM_KEYS = List.of("url", "keyEnv", "keyFile", "caFile");
    private static final List<String> HEALTH_KEYS = List.of("caFile", "urls");
    private static final List<String> DNS_KEYS = List.of("server");
    private static final List<String> MIRROR_KEYS = List.of("upstream", "image", "username", "passwordEnv", "passwordFile");
    private static final List<String> REGION_KEYS = List.of("name", "context", "role", "domain");
    private static final List<String> PROVISIONER_KEYS = List.of("deployment", "baseline");
    // The records are the source of truth for what may be configured, so a new field cannot be forgotten here.
    private static final List<String> NAMES_KEYS = componentNames(Names.class);
    private static final List<String> THRESHOLD_KEYS = componentNames(Thresholds.class);
    private static final List<String> BOUNDS_KEYS = componentNames(Bounds.class);

    /** RFC 1123 label: what Kubernetes requires of namespaces, and what we ask of region names. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** RFC 1123 subdomain: what Kubernetes requires of deployment names. */
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
    private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d+");

    private static final String REGION_EXAMPLE = "regions:\n      - name: us-east-2\n        role: control-plane\n"
            + "        domain: ai.coder.com";
    private static final String ROLE_FIX = "use control-plane (the region that runs coderd, LiteLLM and the "
            + "provisioners; us-east-2 in the runbook) or proxy (a workspace proxy region)";

    private final YamlDocument doc;
    private final Path baseDir;
    private final List<Problem> problems = new ArrayList<>();

    private ConfigLoader(YamlDocument doc, Path baseDir) {
        this.doc = doc;
        this.baseDir = baseDir;
    }

    /** Loads a config file; {@code runbookDir} is resolved relative to the file's directory. */
    public static PitcrewConfig load(Path file) {
        return load(YamlDocument.read(file), file.toAbsolutePath().getParent());
    }

    /** Parses config text; {@code source} names it in problems, {@code runbookDir} is resolved against the working directory. */
    public static PitcrewConfig parse(String source, String yaml) {
        return load(YamlDocument.parse(source, yaml), Path.of("").toAbsolutePath());
    }

    /** Validates an already parsed document, for callers that also want its lines (e.g. `config check`). */
    public static PitcrewConfig load(YamlDocument doc, Path baseDir) {
        return new ConfigLoader(doc, baseDir).read();
    }

    private PitcrewConfig read() {
        JsonNode root = doc.root();
        if (root.isMissingNode() || root.isNull()) {
            throw new InvalidInputException(new Problem(doc.source(), 0, "", "the file is empty",
                    "list the platform's regions, at least:\n    " + REGION_EXAMPLE));
        }
        if (!root.isObject()) {
            throw new InvalidInputException(doc.problem(JsonPointer.empty(),
                    "expected a mapping with regions, names, thresholds and runbookDir, got " + describe(root),
                    "start the file with the regions key:\n    " + REGION_EXAMPLE));
        }
        Section top = new Section(root, JsonPointer.empty(), TOP_KEYS);
        List<Region> regions = regions(top);
        Names names = names(top.section("names", NAMES_KEYS));
        Thresholds thresholds = thresholds(top.section("thresholds", THRESHOLD_KEYS));
        Optional<Path> runbookDir = runbookDir(top);
        Optional<Path> kubeconfig = kubeconfig(top);
        Probes probes = new Probes(dnsServer(top), mirror(top), health(top, regions), coder(top), litellm(top));
        LogPatterns logPatterns = logPatterns(top.section("logPatterns", List.copyOf(LogPatterns.defaultSources().keySet())));
        Bounds bounds = bounds(top.section("bounds", BOUNDS_KEYS));
        Serving serve = serving(top.section("serve", SERVE_KEYS));
        Optional<ServerRef> server = server(top);
        NotificationsConfig notify = new NotificationsConfig(doc, baseDir, problems::add);
        if (!problems.isEmpty()) {
            // Walk order is almost line order; sorting makes the list read top to bottom like the file.
            problems.sort(Comparator.comparingInt(Problem::line));
            throw new InvalidInputException(problems);
        }
        return new PitcrewConfig(List.copyOf(regions), names, thresholds, runbookDir, probes, logPatterns, bounds,
                notify.notifications(), notify.contacts(), kubeconfig, serve, server);
    }

    // ---- regions ----

    private List<Region> regions(Section top) {
        JsonPointer at = top.at("regions");
        JsonNode list = top.node.get("regions");
        if (list == null && top.suggested.contains("regions")) {
            return List.of(); // "unknown key 'regoins' (did you mean 'regions'?)" already says it
        }
        if (list == null || list.isNull()) {
            problem(at, "missing: at least one region is required", "add the platform's regions, e.g.\n    "
                    + REGION_EXAMPLE);
            return List.of();
        }
        if (!list.isArray()) {
            problem(at, "expected a list of regions, got " + describe(list),
                    "write each region as a list item starting with '- name:', e.g.\n    " + REGION_EXAMPLE);
            return List.of();
        }
        if (list.isEmpty()) {
            problem(at, "the list is empty: at least one region is required", "add a region, e.g.\n    "
                    + REGION_EXAMPLE);
            return List.of();
        }
        List<Region> regions = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> byContext = new HashMap<>();
        List<Integer> controlPlanes = new ArrayList<>();
        boolean rolesKnown = true;
        for (int i = 0; i < list.size(); i++) {
            JsonPointer ip = at.appendIndex(i);
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                problem(ip, "expected a region (a mapping with name, context, role, domain), got " + describe(item),
                        "write the region as '- name: ...' with role and domain indented below it");
                rolesKnown = false;
                continue;
            }
            Section s = new Section(item, ip, REGION_KEYS);
            String name = s.text("name", null, "the region's name, like us-east-2");
            if (name != null && !DNS_LABEL.matcher(name).matches()) {
                problem(s.at("name"), "'" + name + "' is not a valid region name",
                        "use lowercase letters, digits and '-', starting and ending with a letter or digit, "
                                + "at most 63 characters, like us-east-2");
            }
            String context = s.text("context", name, "the kube context of this region's cluster");
            Region.Role role = role(s);
            String domain = domain(s);
            regions.add(new Region(name, context, role, domain));

            if (name != null) {
                Integer first = byName.putIfAbsent(name, i);
                if (first != null) {
                    problem(s.at("name"), "region name '" + name + "' is already used by regions[" + first + "]",
                            "give each region its own name");
                }
            }
            if (context != null) {
                Integer first = byContext.putIfAbsent(context, i);
                if (first != null) {
                    String implied = s.node.has("context") ? "" : " (no context given, so it is the region's name)";
                    problem(s.at("context"), "context '" + context + "'" + implied + " is already used by regions["
                                    + first + "] (" + regions.get(first).name() + ")",
                            "each region is its own cluster; set context: to this region's kube context "
                                    + "(kubectl config get-contexts lists them)");
                }
            }
            if (role == null) rolesKnown = false;
            else if (role == Region.Role.CONTROL_PLANE) controlPlanes.add(i);
        }
        // A wrong or missing role already has its own problem; counting control planes then would only add noise.
        if (rolesKnown && controlPlanes.isEmpty()) {
            problem(at, "no region has role: control-plane",
                    "exactly one region runs coderd, LiteLLM and the provisioners (us-east-2 in the runbook); "
                            + "give it role: control-plane");
        }
        for (int k = 1; k < controlPlanes.size(); k++) {
            int first = controlPlanes.getFirst();
            problem(at.appendIndex(controlPlanes.get(k)).appendProperty("role"),
                    "a second control plane: regions[" + first + "] (" + regions.get(first).name()
                            + ") is already role: control-plane",
                    "exactly one region runs coderd; make the other regions role: proxy");
        }
        return regions;
    }

    private Region.Role role(Section s) {
        String id = s.text("role", null, ROLE_FIX);
        if (id == null) return null;
        Region.Role role = Region.Role.of(id);
        if (role == null) {
            List<String> ids = Arrays.stream(Region.Role.values()).map(Region.Role::id).toList();
            String hint = NearestKey.to(id, ids).map(n -> "did you mean " + n + "? ").orElse("");
            problem(s.at("role"), "'" + id + "' is not a role", hint + ROLE_FIX);
        }
        return role;
    }

    private String domain(Section s) {
        String domain = s.text("domain", null,
                "the region's public domain (apex), like ai.coder.com; the wildcard *.ai.coder.com is implied");
        if (domain == null) return null;
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.startsWith("*.")) {
            problem(s.at("domain"), "'" + domain + "' is a wildcard",
                    "give the apex only, like " + d.substring(2) + "; the wildcard *." + d.substring(2)
                            + " is implied");
        } else if (d.contains("://") || d.contains("/") || d.contains(":")) {
            problem(s.at("domain"), "'" + domain + "' is not a bare domain",
                    "give the domain without scheme, port or path, like ai.coder.com");
        } else if (d.length() > 253 || !DOMAIN.matcher(d).matches()) {
            problem(s.at("domain"), "'" + domain + "' is not a valid domain name",
                    "use dot-separated labels of letters, digits and '-', like oregon-proxy.ai.coder.com");
        }
        return d;
    }

    // ---- names ----

    private Names names(Section s) {
        Names d = Names.defaults();
        return new Names(
                namespace(s, "coderNamespace", d.coderNamespace()),
                deployment(s, "coderDeployment", d.coderDeployment()),
                selector(s, "workspaceSelector", d.workspaceSelector()),
                selector(s, "provisionerSelector", d.provisionerSelector()),
                provisioners(s, d.provisioners()),
                namespace(s, "litellmNamespace", d.litellmNamespace()),
                deployment(s, "litellmDeployment", d.litellmDeployment()),
                deployment(s, "keyRotatorDeployment", d.keyRotatorDeployment()),
                selector(s, "keyRotatorSelector", d.keyRotatorSelector()),
                namespace(s, "karpenterNamespace", d.karpenterNamespace()),
                selector(s, "karpenterSelector", d.karpenterSelector()),
                selector(s, "litellmSelector", d.litellmSelector()),
                secretNames(s, "litellmCredentialSecrets", d.litellmCredentialSecrets()),
                selector(s, "coderSelector", d.coderSelector()),
                deployment(s, "karpenterDeployment", d.karpenterDeployment()),
                namespace(s, "loadBalancerControllerNamespace", d.loadBalancerControllerNamespace()),
                deployment(s, "loadBalancerControllerDeployment", d.loadBalancerControllerDeployment()),
                selector(s, "loadBalancerControllerSelector", d.loadBalancerControllerSelector()),
                namespace(s, "metricsServerNamespace", d.metricsServerNamespace()),
                deployment(s, "metricsServerDeployment", d.metricsServerDeployment()),
                selector(s, "metricsServerSelector", d.metricsServerSelector()),
                namespace(s, "corednsNamespace", d.corednsNamespace()),
                deployment(s, "corednsDeployment", d.corednsDeployment()),
                selector(s, "corednsSelector", d.corednsSelector()));
    }

    private String namespace(Section s, String key, String dflt) {
        String v = s.text(key, dflt, "a namespace name; the default is " + dflt);
        if (v != null && !DNS_LABEL.matcher(v).matches()) {
            problem(s.at(key), "'" + v + "' is not a valid namespace name",
                    "use lowercase letters, digits and '-', at most 63 characters; the default is " + dflt);
        }
        return v;
    }

    private String deployment(Section s, String key, String dflt) {
        String v = s.text(key, dflt, "a deployment name; the default is " + dflt);
        checkDeploymentName(v, s.at(key), dflt);
        return v;
    }

    private void checkDeploymentName(String v, JsonPointer at, String example) {
        if (v != null && (v.length() > 253 || !DNS_SUBDOMAIN.matcher(v).matches())) {
            problem(at, "'" + v + "' is not a valid deployment name",
                    "use lowercase letters, digits, '-' and '.', like " + example);
        }
    }

    private String selector(Section s, String key, String dflt) {
        String v = s.text(key, dflt, "a label selector like " + dflt);
        if (v == null) return null;
        try {
            return LabelSelector.parse(v).toString();
        } catch (IllegalArgumentException e) {
            problem(s.at(key), "'" + v + "' is not a label selector: " + e.getMessage(),
                    "write key=value pairs separated by commas, like " + dflt + " (the default)");
            return v;
        }
    }

    /** A list of secret names (DNS subdomains, as Kubernetes requires); absent means the default list. */
    private List<String> secretNames(Section s, String key, List<String> dflt) {
        JsonNode list = s.node.get(key);
        if (list == null) return dflt;
        String example = key + ": [" + String.join(", ", dflt) + "]";
        if (!list.isArray()) {
            problem(s.at(key), "expected a list of secret names, got " + describe(list), "write " + example);
            return dflt;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            JsonPointer at = s.at(key).appendIndex(i);
            if (!n.isString() || n.stringValue().isBlank()) {
                problem(at, "expected a secret name, got " + describe(n), "write " + example);
                continue;
            }
            String name = n.stringValue().strip();
            if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
                problem(at, "'" + name + "' is not a valid secret name", "use lowercase letters, digits, '-' and '.', like " + dflt.getFirst());
                continue;
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private List<Names.Provisioner> provisioners(Section names, List<Names.Provisioner> dflt) {
        JsonPointer at = names.at("provisioners");
        JsonNode list = names.node.get("provisioners");
        if (list == null) return dflt;
        String example = "- {deployment: coder-provisioner-default, baseline: 6}";
        if (!list.isArray()) {
            problem(at, "expected a list of provisioners, got " + describe(list),
                    "write one list item per provisioner deployment, like\n    " + example);
            return dflt;
        }
        List<Names.Provisioner> result = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonPointer ip = at.appendIndex(i);
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                problem(ip, "expected a provisioner {deployment, baseline}, got " + describe(item),
                        "write it like " + example);
                continue;
            }
            Section s = new Section(item, ip, PROVISIONER_KEYS);
            String deployment = s.text("deployment", null,
                    "the provisioner deployment's name, like coder-provisioner-default");
            checkDeploymentName(deployment, s.at("deployment"), "coder-provisioner-default");
            int baseline = s.integer("baseline", null, 0, Integer.MAX_VALUE,
                    "replicas it normally runs with; the runbook's: default 6, experimental 2, demo 2");
            if (deployment != null) {
                Integer first = seen.putIfAbsent(deployment, i);
                if (first != null) {
                    problem(s.at("deployment"), "deployment '" + deployment + "' is already listed at "
                            + YamlDocument.readable(at.appendIndex(first)), "list each provisioner deployment once");
                }
            }
            result.add(new Names.Provisioner(deployment, baseline));
        }
        return List.copyOf(result);
    }

    // ---- thresholds ----

    private Thresholds thresholds(Section s) {
        Thresholds d = Thresholds.defaults();
        Thresholds t = new Thresholds(
                s.duration("regionTimeout", d.regionTimeout()),
                s.integer("nodeCpuPercent", d.nodeCpuPercent(), 1, 100, "percent of a node's allocatable CPU"),
                s.integer("nodeMemoryPercent", d.nodeMemoryPercent(), 1, 100, "percent of a node's allocatable memory"),
                s.integer("clusterUsagePercent", d.clusterUsagePercent(), 1, 100,
                        "percent of the region's allocatable CPU or memory"),
                s.integer("workspaceRestarts", d.workspaceRestarts(), 1, Integer.MAX_VALUE,
                        "restarts of one workspace pod"),
                s.duration("restartWindow", d.restartWindow()),
                s.duration("keyRotationWindow", d.keyRotationWindow()),
                s.integer("maxWorkspacesPerRegion", d.maxWorkspacesPerRegion(), 1, Integer.MAX_VALUE,
                        "running workspaces in one region"),
                s.duration("pendingGrace", d.pendingGrace()),
                s.duration("karpenterScaleTimeout", d.karpenterScaleTimeout()),
                s.duration("logWindow", d.logWindow()),
                s.integer("provisionerQueueLines", d.provisionerQueueLines(), 1, Integer.MAX_VALUE,
                        "matching provisioner log lines"),
                s.integer("largeWorkshopUsers", d.largeWorkshopUsers(), 1, Integer.MAX_VALUE,
                        "distinct workspace owners"),
                s.integer("largeWorkshopProvisioners", d.largeWorkshopProvisioners(), 1, Integer.MAX_VALUE,
                        "default-org provisioner replicas"),
                // Every sweep reads this many lines per pod; beyond 10000 a sweep stops being "seconds".
                s.integer("logTailLines", d.logTailLines(), 1, 10_000, "log lines read per pod"),
                s.duration("daemonOfflineAfter", d.daemonOfflineAfter()),
                s.integer("provisionerQueueDepth", d.provisionerQueueDepth(), 1, Integer.MAX_VALUE,
                        "provisioner jobs waiting in Coder's queue"),
                s.duration("buildStuckAfter", d.buildStuckAfter()),
                s.integer("litellmSaturationPercent", d.litellmSaturationPercent(), 1, 100,
                        "percent of a LiteLLM replica's cpu or memory limit"));
        // Pods pending past pendingGrace are "unschedulable"; past karpenterScaleTimeout "Karpenter is not
        // scaling". The second must come later or the first signal could never be seen on its own.
        if (t.pendingGrace() != null && t.karpenterScaleTimeout() != null
                && t.pendingGrace().compareTo(t.karpenterScaleTimeout()) >= 0) {
            problem(s.at(s.node.has("pendingGrace") ? "pendingGrace" : "karpenterScaleTimeout"),
                    "pendingGrace (" + DurationText.format(t.pendingGrace()) + ") must be shorter than "
                            + "karpenterScaleTimeout (" + DurationText.format(t.karpenterScaleTimeout()) + ")",
                    "a pod is first 'unschedulable' (pendingGrace), and only later 'Karpenter is not scaling' "
                            + "(karpenterScaleTimeout); defaults are 2m and 5m");
        }
        return t;
    }

    // ---- bounds ----

    private Bounds bounds(Section s) {
        Bounds d = Bounds.defaults();
        return new Bounds(
                s.integer("provisionerReplicas", d.provisionerReplicas(), 1, 1000, "most replicas of a provisioner deployment"),
                s.integer("litellmReplicas", d.litellmReplicas(), 1, 1000, "most LiteLLM replicas"),
                quantity(s, "provisionerCpu", d.provisionerCpu(), "CPU, like 2 or 1500m"),
                quantity(s, "provisionerMemory", d.provisionerMemory(), "memory, like 2Gi or 1536Mi"));
    }

    /** A Kubernetes quantity (numbers are accepted as text: {@code provisionerCpu: 2}). */
    private String quantity(Section s, String key, String dflt, String what) {
        JsonNode v = s.node.get(key);
        String text = v != null && v.isNumber() ? v.asString() : s.text(key, dflt, what);
        if (text == null) return dflt;
        try {
            if (io.fabric8.kubernetes.api.model.Quantity.parse(text).getNumericalAmount().signum() > 0) return text;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problem(s.at(key), "'" + text + "' is not a positive Kubernetes quantity",
                "write " + what + "; the default is " + dflt);
        return dflt;
    }

    // ---- runbookDir ----

    private Optional<Path> runbookDir(Section top) {
        String text = top.text("runbookDir", "", "a directory of extra incident types (YAML)");
        if (text == null || text.isEmpty()) return Optional.empty();
        Path dir;
        try {
            dir = baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problem(top.at("runbookDir"), "'" + text + "' is not a valid path: " + e.getReason(),
                    "give a directory path, relative to the config file, like ./runbook.d");
            return Optional.empty();
        }
        if (!Files.exists(dir)) {
            problem(top.at("runbookDir"), "'" + text + "' does not exist (resolved to " + dir + ")",
                    "create the directory, or correct the path; it is relative to the config file's directory");
        } else if (!Files.isDirectory(dir)) {
            problem(top.at("runbookDir"), "'" + text + "' is not a directory (resolved to " + dir + ")",
                    "point runbookDir at a directory holding incident type YAML files");
        }
        return Optional.of(dir);
    }

    // ---- kubeconfig ----

    /** The kubeconfig this file is written for (the lab names its own), relative to the config file; it must exist. */
    private Optional<Path> kubeconfig(Section top) {
        String text = top.text("kubeconfig", "", "the kubeconfig with one context per region");
        if (text == null || text.isEmpty()) return Optional.empty();
        Path file;
        try {
            file = baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problem(top.at("kubeconfig"), "'" + text + "' is not a valid path: " + e.getReason(),
                    "give a file path, relative to the config file, like ./kubeconfig");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            problem(top.at("kubeconfig"), "'" + text + "' is not a file (resolved to " + file + ")",
                    "correct the path (it is relative to the config file's directory), or remove the key and pass --kubeconfig");
        }
        return Optional.of(file);
    }

    // ---- serve ----

    private Serving serving(Section s) {
        Serving d = Serving.defaults();
        Optional<Path> tokens = Optional.empty();
        String text = s.text("tokens", "", "the role tokens file written by `pitcrew serve token`");
        if (text != null && !text.isEmpty()) {
            try {
                tokens = Optional.of(baseDir.resolve(text).normalize());
            } catch (InvalidPathException e) {
                problem(s.at("tokens"), "'" + text + "' is not a valid path: " + e.getReason(),
                        "give a file path, relative to the config file, like ./serve-tokens.yaml");
            }
        }
        return new Serving(s.duration("probeInterval", d.probeInterval()), s.duration("poll", d.poll()),
                s.duration("liveness", d.liveness()), tokens);
    }

    // ---- server (doctor's warm path) ----

    private Optional<ServerRef> server(Section top) {
        if (!top.node.has("server")) return Optional.empty();
        Section s = top.section("server", SERVER_KEYS);
        String url = s.text("url", null, "pitcrew serve's URL, e.g. http://127.0.0.1:8461");
        URI uri = null;
        if (url != null) {
            try {
                uri = ServerRef.url(url);
            } catch (IllegalArgumentException e) {
                problem(s.at("url"), e.getMessage(), "write pitcrew serve's base URL, e.g. http://127.0.0.1:8461 (the token comes from "
                        + "tokenFile or tokenEnv, never the URL)");
            }
        }
        Optional<String> tokenEnv = given(s.text("tokenEnv", "", "the environment variable holding a pitcrew serve token"));
        tokenEnv.filter(v -> !v.matches("[A-Za-z_][A-Za-z0-9_]*")).ifPresent(v -> problem(s.at("tokenEnv"),
                "'" + v + "' is not an environment variable name", "name the variable, e.g. PITCREW_TOKEN; never put the token itself in the file"));
        Optional<Path> tokenFile = Optional.empty();
        String file = s.text("tokenFile", "", "a file holding a pitcrew serve token, relative to this file");
        if (file != null && !file.isEmpty()) {
            try {
                tokenFile = Optional.of(baseDir.resolve(file).normalize());
            } catch (InvalidPathException e) {
                problem(s.at("tokenFile"), "'" + file + "' is not a valid path: " + e.getReason(),
                        "give a file path, relative to the config file, like ./serve-token");
            }
        }
        if (tokenEnv.isPresent() && tokenFile.isPresent()) {
            problem(s.at("tokenEnv"), "both tokenEnv and tokenFile are given", "keep one of them: the token is read from one place");
        }
        Duration staleAfter = s.duration("staleAfter", ServerRef.STALE_AFTER);
        if (staleAfter != null && (staleAfter.compareTo(ServerRef.SHORTEST_STALE_AFTER) < 0 || staleAfter.compareTo(Duration.ofDays(1)) > 0)) {
            problem(s.at("staleAfter"), "must be from " + DurationText.format(ServerRef.SHORTEST_STALE_AFTER) + " to 1d, got "
                    + DurationText.format(staleAfter), "serve evaluates at least every 5s, so a report older than staleAfter means it "
                    + "has stopped; the default is " + DurationText.format(ServerRef.STALE_AFTER));
            staleAfter = null;
        }
        if (uri == null || staleAfter == null) return Optional.empty();
        return Optional.of(new ServerRef(uri, new SecretRef(tokenEnv, tokenFile), staleAfter));
    }

    // ---- dns and mirror ----

    private Optional<String> dnsServer(Section top) {
        if (!top.node.has("dns")) return Optional.empty();
        Section dns = top.section("dns", DNS_KEYS);
        String server = dns.text("server", "system", "the resolver to ask, as host:port (e.g. 10.0.0.2:53) or system");
        if (server == null) return Optional.empty();
        if (server.equals("system")) return Optional.of(server);
        int colon = server.lastIndexOf(':');
        boolean ok = colon > 0 && server.substring(colon + 1).matches("\\d{1,5}")
                && Integer.parseInt(server.substring(colon + 1)) <= 65535;
        if (!ok) {
            problem(dns.at("server"), "'" + server + "' is not host:port",
                    "write the resolver as host:port, e.g. 10.0.0.2:53, or remove dns to use the system resolver");
            return Optional.empty();
        }
        return Optional.of(server);
    }

    private Optional<Probes.Mirror> mirror(Section top) {
        if (!top.node.has("mirror")) return Optional.empty();
        Section m = top.section("mirror", MIRROR_KEYS);
        String upstream = m.text("upstream", "ghcr.io/coder/coder-preview:latest", "the upstream image, e.g. ghcr.io/coder/coder-preview:latest");
        String image = m.text("image", null, "the mirrored image, e.g. 123456789012.dkr.ecr.us-east-2.amazonaws.com/coder-preview:latest");
        String username = m.text("username", "AWS", "the mirror's user name (ECR: AWS)");
        String passwordEnv = m.text("passwordEnv", "", "the environment variable that holds the mirror's password");
        String passwordFile = m.text("passwordFile", "", "a file holding the mirror's password, relative to this file");
        for (var e : java.util.Map.of("upstream", upstream == null ? "" : upstream, "image", image == null ? "" : image).entrySet()) {
            if (e.getValue().isEmpty()) continue;
            try {
                ImageRef.parse(e.getValue());
            } catch (IllegalArgumentException ex) {
                problem(m.at(e.getKey()), ex.getMessage(), "write an image reference like registry/repository:tag");
            }
        }
        if (passwordEnv != null && !passwordEnv.isEmpty() && !passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problem(m.at("passwordEnv"), "'" + passwordEnv + "' is not an environment variable name",
                    "name the variable, e.g. PITCREW_MIRROR_PASSWORD; never put the password itself in the file");
        }
        if (upstream == null || image == null || username == null) return Optional.empty();
        return Optional.of(new Probes.Mirror(upstream, image, username,
                passwordEnv == null || passwordEnv.isEmpty() ? Optional.empty() : Optional.of(passwordEnv),
                passwordFile == null || passwordFile.isEmpty() ? Optional.empty() : Optional.of(baseDir.resolve(passwordFile).normalize())));
    }

    /** Each pattern must compile; the problem names the expression's error and where in it. */
    private LogPatterns logPatterns(Section s) {
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        for (var e : LogPatterns.defaultSources().entrySet()) {
            String expression = s.text(e.getKey(), e.getValue(), "a regular expression, e.g. " + e.getValue());
            if (expression == null) {
                sources.put(e.getKey(), e.getValue());
                continue;
            }
            try {
                LogPatterns.compile(expression);
                sources.put(e.getKey(), expression);
            } catch (java.util.regex.PatternSyntaxException x) {
                problem(s.at(e.getKey()), "not a regular expression: " + x.getDescription() + " near index " + x.getIndex(),
                        "fix the expression (Java regex syntax; matched case-insensitively anywhere in a line), or remove "
                                + e.getKey() + " to use the default " + e.getValue());
                sources.put(e.getKey(), e.getValue());
            }
        }
        return LogPatterns.of(sources);
    }

    private Optional<Probes.Coder> coder(Section top) {
        if (!top.node.has("coder")) return Optional.empty();
        Section c = top.section("coder", CODER_KEYS);
        String url = c.text("url", null, "coderd's URL, e.g. https://ai.coder.com");
        String tokenEnv = c.text("tokenEnv", "CODER_SESSION_TOKEN", "the environment variable holding a session token");
        String tokenFile = c.text("tokenFile", "", "a file holding a session token, relative to this file");
        String organization = c.text("organization", "default", "the organization whose provisioners to read, e.g. default");
        if (organization != null && !organization.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            problem(c.at("organization"), "'" + organization + "' is not an organization name or id",
                    "write the organization's name or id, e.g. default");
            return Optional.empty();
        }
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            problem(c.at("url"), "'" + url + "' is not an http(s) URL", "write coderd's URL, e.g. https://ai.coder.com");
            return Optional.empty();
        }
        if (url == null) return Optional.empty();
        return Optional.of(new Probes.Coder(url, tokenEnv == null || tokenEnv.isEmpty() ? Optional.empty() : Optional.of(tokenEnv),
                tokenFile == null || tokenFile.isEmpty() ? Optional.empty() : Optional.of(baseDir.resolve(tokenFile).normalize()),
                organization == null ? "default" : organization));
    }

    private Optional<Probes.LiteLLM> litellm(Section top) {
        if (!top.node.has("litellm")) return Optional.empty();
        Section l = top.section("litellm", LITELLM_KEYS);
        String url = l.text("url", null, "LiteLLM's base URL, e.g. https://litellm.ai.coder.com");
        Optional<String> keyEnv = given(l.text("keyEnv", "", "the environment variable holding a LiteLLM key (sk-...) for /health"));
        Optional<Path> keyFile = given(l.text("keyFile", "", "a file holding a LiteLLM key, relative to this file")).map(f -> baseDir.resolve(f).normalize());
        String caFile = l.text("caFile", "", "a PEM file of the CA certificates to trust, relative to this file");
        keyEnv.filter(v -> !v.matches("[A-Za-z_][A-Za-z0-9_]*")).ifPresent(v -> problem(l.at("keyEnv"),
                "'" + v + "' is not an environment variable name", "name the variable, e.g. LITELLM_KEY; never put the key itself in the file"));
        Optional<Path> ca = given(caFile).map(f -> baseDir.resolve(f).normalize());
        ca.filter(p -> !Files.isReadable(p)).ifPresent(p -> problem(l.at("caFile"), "'" + caFile + "' cannot be read (resolved to " + p + ")",
                "point caFile at a PEM file of CA certificates, or remove it to trust the system's CAs"));
        boolean http = url != null && (url.startsWith("https://") || url.startsWith("http://"));
        if (url != null && !http) problem(l.at("url"), "'" + url + "' is not an http(s) URL", "write LiteLLM's base URL, e.g. https://litellm.ai.coder.com");
        return http ? Optional.of(new Probes.LiteLLM(url, keyEnv, keyFile, ca)) : Optional.empty();
    }

    /** A text that was given and is not empty; null (already reported) and "" are absent. */
    private static Optional<String> given(String text) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private Optional<Probes.Health> health(Section top, List<Region> regions) {
        if (!top.node.has("health")) return Optional.empty();
        Section h = top.section("health", HEALTH_KEYS);
        String caFile = h.text("caFile", "", "a PEM file of the CA certificates to trust, relative to this file");
        Optional<Path> ca = caFile == null || caFile.isEmpty() ? Optional.empty() : Optional.of(baseDir.resolve(caFile).normalize());
        ca.filter(p -> !Files.isReadable(p)).ifPresent(p -> problem(h.at("caFile"), "'" + caFile + "' cannot be read (resolved to " + p + ")",
                "point caFile at a PEM file of CA certificates, or remove it to trust the system's CAs"));
        java.util.Map<String, String> urls = new java.util.LinkedHashMap<>();
        tools.jackson.databind.JsonNode u = h.node.get("urls");
        if (u != null && !u.isNull()) {
            if (!u.isObject()) {
                problem(h.at("urls"), "expected a mapping of region name to URL, got " + describe(u), "write urls:\n    us-east-2: https://ai.coder.com/healthz");
            } else {
                for (String region : u.propertyNames()) {
                    JsonPointer at = h.at("urls").appendProperty(region);
                    if (regions.stream().noneMatch(r -> r.name().equals(region))) {
                        problem(at, "no region named '" + region + "'", "use a name from regions: " + String.join(", ", regions.stream().map(Region::name).toList()));
                        continue;
                    }
                    String url = u.get(region).asString("");
                    if (!url.startsWith("https://") && !url.startsWith("http://")) {
                        problem(at, "'" + url + "' is not an http(s) URL", "write the full URL, e.g. https://ai.coder.com/healthz");
                        continue;
                    }
                    urls.put(region, url);
                }
            }
        }
        return Optional.of(new Probes.Health(java.util.Map.copyOf(urls), ca));
    }

    // ---- plumbing ----

    private void problem(JsonPointer at, String message, String fix) {
        problems.add(doc.problem(at, message, fix));
    }

    /** What a user wrote, said back to them: 'ninety', 90.5, true, a list, a mapping, nothing. */
    static String describe(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "nothing";
        if (n.isString()) {
            String s = n.stringValue();
            return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
        }
        if (n.isArray()) return "a list";
        if (n.isObject()) return "a mapping";
        return n.toString();
    }

    private static List<String> componentNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** One mapping of the document: reads its keys with defaults and reports what is wrong at the right place. */
    private final class Section {
        final JsonNode node;
        final JsonPointer at;
        /** Valid keys that an unknown key was taken for; their absence needs no second problem. */
        final Set<String> suggested = new HashSet<>();

        Section(JsonNode node, JsonPointer at, List<String> keys) {
            this.node = node;
            this.at = at;
            for (String key : node.propertyNames()) {
                if (keys.contains(key)) continue;
                Optional<String> nearest = NearestKey.to(key, keys);
                nearest.ifPresent(suggested::add);
                String hint = nearest.map(k -> "did you mean '" + k + "'? ").orElse("remove it; ");
                problem(at(key), "unknown key '" + key + "'", hint + "valid keys here: " + String.join(", ", keys));
            }
        }

        JsonPointer at(String key) {
            return at.appendProperty(key);
        }

        /** A nested optional mapping; absent or empty ({@code names:} with nothing under it) means all defaults. */
        Section section(String key, List<String> keys) {
            JsonNode v = node.get(key);
            if (v != null && !v.isNull() && !v.isObject()) {
                problem(at(key), "expected a mapping of " + key + ", got " + describe(v),
                        "indent the keys under '" + key + ":', like '  " + keys.getFirst() + ": ...', or remove "
                                + key + " to use the defaults");
                v = null;
            }
            return new Section(v == null || v.isNull() ? JsonNodeFactory.instance.objectNode() : v, at(key), keys);
        }

        /** Text under key; {@code dflt} when absent, or a problem (and null) when required ({@code dflt == null}). */
        String text(String key, String dflt, String what) {
            JsonNode v = node.get(key);
            if (v == null) {
                if (dflt == null) problem(at(key), "missing (required)", "add " + key + ": " + what);
                return dflt;
            }
            if (v.isNull()) {
                problem(at(key), "has no value", "give " + key + " a value (" + what + ")"
                        + (dflt == null || dflt.isEmpty() ? "" : ", or remove it to use the default " + dflt));
                return null;
            }
            if (!v.isString()) {
                String fix = v.isNumber() || v.isBoolean()
                        ? "put it in quotes, like " + key + ": \"" + v + "\", if that is really meant"
                        : "give " + key + " as text: " + what;
                problem(at(key), "expected text, got " + describe(v), fix);
                return null;
            }
            String s = v.stringValue().strip();
            if (s.isEmpty()) {
                problem(at(key), "is empty", "give " + key + " a value (" + what + ")"
                        + (dflt == null || dflt.isEmpty() ? "" : ", or remove it to use the default " + dflt));
                return null;
            }
            return s;
        }

        /**
         * A whole number in {@code [min, max]}; {@code dflt == null} makes it required. Quoted digits are accepted,
         * since "90" is unambiguous. Returns 0 after reporting a problem; the config is then never built.
         */
        int integer(String key, Integer dflt, int min, int max, String what) {
            JsonNode v = node.get(key);
            String range = max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
            String fix = "use a whole number " + range + " (" + what + ")"
                    + (dflt == null ? "" : "; the default is " + dflt);
            if (v == null) {
                if (dflt != null) return dflt;
                problem(at(key), "missing (required)", fix);
                return 0;
            }
            OptionalInt parsed = wholeNumber(v);
            if (parsed.isEmpty()) {
                boolean digits = v.isIntegralNumber()
                        || (v.isString() && INTEGER_TEXT.matcher(v.stringValue().strip()).matches());
                String message = v.isNull() ? "has no value"
                        : digits ? "is far too large: " + describe(v)
                        : v.isFloatingPointNumber() ? "expected a whole number, got " + describe(v)
                        : "expected a number, got " + describe(v);
                problem(at(key), message, fix);
                return 0;
            }
            int n = parsed.getAsInt();
            if (n < min || n > max) {
                String bound = n < min ? "at least " + min : "at most " + max;
                problem(at(key), "must be " + bound + ", got " + n, fix);
                return 0;
            }
            return n;
        }

        private OptionalInt wholeNumber(JsonNode v) {
            if (v.isIntegralNumber()) return v.canConvertToInt() ? OptionalInt.of(v.intValue()) : OptionalInt.empty();
            if (v.isString() && INTEGER_TEXT.matcher(v.stringValue().strip()).matches()) {
                try {
                    return OptionalInt.of(Integer.parseInt(v.stringValue().strip()));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
            return OptionalInt.empty();
        }

        /** A positive duration like 5s or 1h30m; the default when absent. Returns null after reporting a problem. */
        Duration duration(String key, Duration dflt) {
            JsonNode v = node.get(key);
            if (v == null) return dflt;
            String fix = "write a duration like 500ms, " + DurationText.FORMS + "; the default is " + DurationText.format(dflt);
            if (!v.isString() && !v.isIntegralNumber()) {
                problem(at(key), v.isNull() ? "has no value" : "expected a duration, got " + describe(v), fix);
                return null;
            }
            String text = v.isString() ? v.stringValue() : v.toString();
            try {
                Duration d = DurationText.parse(text);
                if (d.isZero()) {
                    problem(at(key), "must be more than zero, got " + text.strip(), fix);
                    return null;
                }
                return d;
            } catch (IllegalArgumentException e) {
                problem(at(key), e.getMessage(), fix);
                return null;
            }
        }
    }
}
