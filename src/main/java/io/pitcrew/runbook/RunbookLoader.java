package io.pitcrew.runbook;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads the runbook's incident types from YAML: the built-in ones shipped in the jar, then any a user adds from a
 * directory. Every file is validated in full; all problems come back together, each with file and line.
 */
public final class RunbookLoader {

    /** The built-in incident types, in runbook order. */
    static final List<String> BUILT_IN = List.of(
            "workspace-restarts.yaml", "subdomain-routing.yaml", "litellm-auth.yaml", "resource-contention.yaml",
            "image-pull.yaml", "provisioner-failures.yaml", "region-unreachable.yaml");

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** {@code explains:} names a cause of its own type by id, or any type's as {@code incidentType/cause}. */
    private static final Pattern CAUSE_REF = Pattern.compile("([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> TYPE_KEYS = Set.of("id", "section", "title", "symptoms", "diagnosis", "causes",
            "resolution", "workarounds", "permanentFix");
    private static final Set<String> CAUSE_KEYS = Set.of("id", "title", "detect", "severity", "actions", "fix", "explains", "kind");
    private static final Set<String> DETECT_KEYS = Set.of("all", "any", "none", "with", "scope");
    private static final Set<String> SEVERITY_KEYS = Set.of("default", "raise");
    private static final Set<String> RAISE_KEYS = Set.of("to", "affected", "regions");
    private static final Set<String> STEP_KEYS = Set.of("title", "command");

    private final Set<String> knownSignals;

    /** @param knownSignals every signal id a check can raise; a rule naming another id is an error */
    public RunbookLoader(Set<String> knownSignals) {
        this.knownSignals = knownSignals;
    }

    /** The built-in runbook plus the types in {@code userDir} (every *.yaml / *.yml file, by name). */
    public Runbook load(Optional<Path> userDir) {
        List<YamlDocument> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String name : BUILT_IN) {
            try (InputStream in = RunbookLoader.class.getResourceAsStream("/runbook/" + name)) {
                if (in == null) throw new IllegalStateException("runbook/" + name + " missing from the jar");
                docs.add(YamlDocument.parse("runbook/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read runbook/" + name, e);
            }
        }
        userDir.ifPresent(dir -> docs.addAll(readDir(dir, problems)));
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return fromDocuments(docs);
    }

    /** Validates and builds a runbook from parsed documents. */
    public Runbook fromDocuments(List<YamlDocument> docs) {
        List<Problem> problems = new ArrayList<>();
        List<IncidentType> types = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (YamlDocument doc : docs) {
            IncidentType type = new Reader(doc, problems).type();
            if (type == null) continue;
            String earlier = seen.putIfAbsent(type.id(), doc.source());
            if (earlier != null) {
                problems.add(doc.problem(JsonPointer.compile("/id"), "incident type '" + type.id()
                        + "' is already defined in " + earlier, "give it another id, or remove one of the two files"));
            } else {
                types.add(type);
            }
        }
        if (problems.isEmpty()) checkExplains(docs, types, problems);
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return new Runbook(List.copyOf(types));
    }

    /** Every {@code explains:} names a cause that exists, and not its own. */
    private static void checkExplains(List<YamlDocument> docs, List<IncidentType> types, List<Problem> problems) {
        Set<String> known = new TreeSet<>();
        types.forEach(t -> t.causes().forEach(c -> known.add(Finding.key(t.id(), c.id()))));
        for (IncidentType t : types) {
            YamlDocument doc = docs.stream().filter(d -> d.source().equals(t.source())).findFirst().orElseThrow();
            for (int ci = 0; ci < t.causes().size(); ci++) {
                Cause c = t.causes().get(ci);
                for (int k = 0; k < c.explains().size(); k++) {
                    String key = c.explains().get(k);
                    JsonPointer at = JsonPointer.compile("/causes/" + ci + "/explains/" + k);
                    if (key.equals(Finding.key(t.id(), c.id()))) {
                        problems.add(doc.problem(at, "a cause cannot explain itself", "name the causes this one explains"));
                    } else if (!known.contains(key)) {
                        problems.add(doc.problem(at, "no cause '" + key + "'", Reader.nearestOf(known, key)
                                + "name a cause as its id (of this incident type) or incidentType/cause"));
                    }
                }
            }
        }
    }

    private static List<YamlDocument> readDir(Path dir, List<Problem> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(dir.toString(), 0, "", "runbook directory not found",
                    "create it, or point runbookDir / --runbook-dir at a directory of incident type YAML files"));
            return List.of();
        }
        List<YamlDocument> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                try {
                    docs.add(YamlDocument.read(f));
                } catch (InvalidInputException e) {
                    problems.addAll(e.problems());
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(dir.toString(), 0, "", "cannot list: " + e.getMessage(), "check its permissions"));
        }
        return docs;
    }

    /** Walks one document, recording problems instead of stopping at the first. */
    private final class Reader {
        private final YamlDocument doc;
        private final List<Problem> problems;

        Reader(YamlDocument doc, List<Problem> problems) {
            this.doc = doc;
            this.problems = problems;
        }

        IncidentType type() {
            JsonPointer at = JsonPointer.empty();
            JsonNode root = doc.root();
            if (!root.isObject()) {
                problem(at, "an incident type file must be a mapping", "start with 'id:', 'title:' and 'causes:'");
                return null;
            }
            keys(root, at, TYPE_KEYS);
            String id = id(root, at.appendProperty("id"), "id");
            String title = text(root, at.appendProperty("title"), true);
            int section = root.has("section") ? integer(root.get("section"), at.appendProperty("section"), 0, 99) : 0;
            List<String> symptoms = strings(root, at.appendProperty("symptoms"));
            List<Step> diagnosis = steps(root, at.appendProperty("diagnosis"));
            List<Cause> causes = new ArrayList<>();
            JsonPointer cp = at.appendProperty("causes");
            JsonNode cs = root.get("causes");
            if (cs == null || !cs.isArray() || cs.isEmpty()) {
                problem(cp, "an incident type needs at least one cause", "add 'causes:' with a list of {id, title}");
            } else {
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < cs.size(); i++) {
                    Cause c = cause(cs.get(i), cp.appendIndex(i));
                    if (c != null && !ids.add(c.id())) {
                        problem(cp.appendIndex(i).appendProperty("id"), "cause '" + c.id() + "' appears twice", "give each cause its own id");
                    }
                    if (c != null) causes.add(c);
                }
            }
            List<Step> resolution = steps(root, at.appendProperty("resolution"));
            List<String> workarounds = strings(root, at.appendProperty("workarounds"));
            List<String> permanentFix = strings(root, at.appendProperty("permanentFix"));
            if (id == null || title == null) return null;
            return new IncidentType(id, section, title, symptoms, diagnosis, List.copyOf(causes), resolution,
                    workarounds, permanentFix, doc.source());
        }

        private Cause cause(JsonNode n, JsonPointer at) {
            if (!n.isObject()) {
                problem(at, "a cause must be a mapping", "write it as {id: ..., title: ...}");
                return null;
            }
            keys(n, at, CAUSE_KEYS);
            String id = id(n, at.appendProperty("id"), "id");
            String title = text(n, at.appendProperty("title"), true);
            Optional<Detection> detect = n.has("detect") ? Optional.ofNullable(detect(n.get("detect"), at.appendProperty("detect")))
                    : Optional.empty();
            SeverityRule severity = severity(n.get("severity"), at.appendProperty("severity"));
            List<Step> actions = steps(n, at.appendProperty("actions"));
            List<Fix> fix = fixes(n, at.appendProperty("fix"));
            List<String> explains = explains(n, at.appendProperty("explains"));
            Kind kind = kind(n, at.appendProperty("kind"), severity);
            return id == null || title == null ? null : new Cause(id, title, detect, severity, actions, fix, explains, kind);
        }

        private Detection detect(JsonNode n, JsonPointer at) {
            if (!n.isObject()) {
                problem(at, "detect must be a mapping", "write e.g. detect: {any: [node-disk-pressure]}");
                return null;
            }
            keys(n, at, DETECT_KEYS);
            List<String> all = signals(n, at.appendProperty("all"));
            List<String> any = signals(n, at.appendProperty("any"));
            List<String> none = signals(n, at.appendProperty("none"));
            List<String> with = signals(n, at.appendProperty("with"));
            if (all.isEmpty() && any.isEmpty()) {
                problem(at, "a rule needs signals in 'all' or 'any'", "name the signals that show this cause; see docs/signals.md");
            }
            Detection.Scope scope = Detection.Scope.REGION;
            if (n.has("scope")) {
                String s = n.get("scope").asString("");
                if (s.equals("platform")) scope = Detection.Scope.PLATFORM;
                else if (!s.equals("region")) problem(at.appendProperty("scope"), "unknown scope '" + s + "'", "use region or platform");
            }
            return new Detection(all, any, none, with, scope);
        }

        private SeverityRule severity(JsonNode n, JsonPointer at) {
            if (n == null) {
                problem(at, "a cause needs a severity", "add severity: {default: P2}");
                return new SeverityRule(Severity.P2, List.of());
            }
            if (!n.isObject()) {
                problem(at, "severity must be a mapping", "write severity: {default: P2, raise: [{to: P1, affected: 3}]}");
                return new SeverityRule(Severity.P2, List.of());
            }
            keys(n, at, SEVERITY_KEYS);
            Severity base = level(n.get("default"), at.appendProperty("default"));
            List<SeverityRule.Raise> raises = new ArrayList<>();
            JsonNode rs = n.get("raise");
            if (rs != null) {
                if (!rs.isArray()) problem(at.appendProperty("raise"), "raise must be a list", "write raise: [{to: P1, regions: 2}]");
                else for (int i = 0; i < rs.size(); i++) {
                    JsonPointer rp = at.appendProperty("raise").appendIndex(i);
                    JsonNode r = rs.get(i);
                    if (!r.isObject()) { problem(rp, "a raise must be a mapping", "write {to: P1, affected: 3}"); continue; }
                    keys(r, rp, RAISE_KEYS);
                    int affected = r.has("affected") ? integer(r.get("affected"), rp.appendProperty("affected"), 0, 1_000_000) : 0;
                    int regions = r.has("regions") ? integer(r.get("regions"), rp.appendProperty("regions"), 0, 1000) : 0;
                    raises.add(new SeverityRule.Raise(level(r.get("to"), rp.appendProperty("to")), affected, regions));
                }
            }
            return new SeverityRule(base, List.copyOf(raises));
        }

        private Severity level(JsonNode n, JsonPointer at) {
            String s = n == null ? "" : n.asString("");
            try {
                return Severity.valueOf(s);
            } catch (IllegalArgumentException e) {
                problem(at, n == null ? "missing severity level" : "'" + s + "' is not a severity", "use P0, P1, P2 or P3");
                return Severity.P2;
            }
        }

        private List<Step> steps(JsonNode parent, JsonPointer at) {
            JsonNode n = parent.get(at.last().getMatchingProperty());
            if (n == null) return List.of();
            if (!n.isArray()) {
                problem(at, "expected a list of steps", "write - {title: ..., command: ...}");
                return List.of();
            }
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                JsonPointer sp = at.appendIndex(i);
                JsonNode s = n.get(i);
                if (s.isString()) { steps.add(new Step(s.asString(), null)); continue; }
                if (!s.isObject()) { problem(sp, "a step must be text or {title, command}", "write - {title: ..., command: ...}"); continue; }
                keys(s, sp, STEP_KEYS);
                String title = text(s, sp.appendProperty("title"), true);
                String command = text(s, sp.appendProperty("command"), false);
                if (command != null) {
                    for (String v : CommandTemplate.variables(command)) {
                        if (!CommandTemplate.known().contains(v)) {
                            problem(sp.appendProperty("command"), "unknown variable {" + v + "}", "use one of " + CommandTemplate.known());
                        }
                    }
                }
                if (title != null) steps.add(new Step(title, command));
            }
            return List.copyOf(steps);
        }

        /** {@code fix: [scale-provisioners, {action: restart-coder, region: "{region}"}]}: actions and parameters that exist. */
        private List<Fix> fixes(JsonNode parent, JsonPointer at) {
            JsonNode n = parent.get(at.last().getMatchingProperty());
            if (n == null) return List.of();
            if (!n.isArray()) {
                problem(at, "fix must be a list of actions", "write fix: [scale-provisioners] or fix: [{action: restart-coder, region: \"{region}\"}]");
                return List.of();
            }
            List<Fix> fixes = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                JsonPointer fp = at.appendIndex(i);
                JsonNode f = n.get(i);
                if (f.isString()) {
                    FixAction action = fixAction(f.asString(), fp);
                    if (action != null) fixes.add(new Fix(action.id(), Map.of()));
                    continue;
                }
                if (!f.isObject()) {
                    problem(fp, "a fix must be an action id or {action: ..., PARAMETER: VALUE}", "write e.g. - {action: restart-coder, region: \"{region}\"}");
                    continue;
                }
                String id = text(f, fp.appendProperty("action"), true);
                FixAction action = id == null ? null : fixAction(id, fp.appendProperty("action"));
                Map<String, String> parameters = new LinkedHashMap<>();
                for (String name : f.propertyNames()) {
                    if (name.equals("action")) continue;
                    JsonPointer pp = fp.appendProperty(name);
                    JsonNode v = f.get(name);
                    if (!v.isValueNode() || v.isNull()) {
                        problem(pp, "a parameter's value must be text", "write e.g. " + name + ": \"{region}\"");
                        continue;
                    }
                    String value = v.asString();
                    if (action != null && !action.parameters().contains(name)) {
                        problem(pp, action.id() + " takes no parameter '" + name + "'", nearestOf(action.parameters(), name)
                                + (action.parameters().isEmpty() ? "it takes none" : "it takes: " + String.join(", ", action.parameters())));
                    }
                    for (String var : CommandTemplate.variables(value)) {
                        if (!Fix.VARIABLES.contains(var)) {
                            problem(pp, "unknown variable {" + var + "}", "a fix's parameters may use " + new TreeSet<>(Fix.VARIABLES)
                                    + ", filled from the finding's regions and evidence (and the workshop running or about to)");
                        }
                    }
                    parameters.put(name, value);
                }
                if (action != null) fixes.add(new Fix(action.id(), parameters));
            }
            return List.copyOf(fixes);
        }

        /** {@code kind: incident} (the default) or {@code risk}; a risk is P3, predictable trouble with no user impact yet. */
        private Kind kind(JsonNode parent, JsonPointer at, SeverityRule severity) {
            JsonNode n = parent.get("kind");
            if (n == null) return Kind.INCIDENT;
            String s = n.asString("");
            if (s.equals("incident")) return Kind.INCIDENT;
            if (!s.equals("risk")) {
                problem(at, "'" + s + "' is not a kind", "use incident (the default) or risk");
                return Kind.INCIDENT;
            }
            if (severity.base() != Severity.P3 || !severity.raise().isEmpty()) {
                problem(at, "a risk is P3", "give it severity: {default: P3} without raise: predictable trouble has no user impact yet; "
                        + "when it shows, an incident's rule reports it");
            }
            return Kind.RISK;
        }

        /** {@code explains: [provisioners-down, resource-contention/insufficient-provisioners]}, as full keys. */
        private List<String> explains(JsonNode parent, JsonPointer at) {
            String type = doc.root().path("id").asString("");
            List<String> out = new ArrayList<>();
            List<String> refs = strings(parent, at);
            for (int i = 0; i < refs.size(); i++) {
                String ref = refs.get(i);
                if (!CAUSE_REF.matcher(ref).matches()) {
                    problem(at.appendIndex(i), "'" + ref + "' is not a cause", "name a cause as its id (of this incident type) or incidentType/cause");
                    continue;
                }
                out.add(ref.contains("/") ? ref : Finding.key(type, ref));
            }
            return List.copyOf(out);
        }

        private FixAction fixAction(String id, JsonPointer at) {
            Optional<FixAction> action = FixAction.byId(id);
            if (action.isEmpty()) {
                List<String> ids = FixAction.ALL.stream().map(FixAction::id).toList();
                problem(at, "unknown action '" + id + "'", nearestOf(ids, id) + "pitcrew fix list shows them: " + String.join(", ", ids));
            }
            return action.orElse(null);
        }

        private List<String> signals(JsonNode parent, JsonPointer at) {
            List<String> ids = strings(parent, at);
            for (int i = 0; i < ids.size(); i++) {
                if (!knownSignals.contains(ids.get(i))) {
                    problem(at.appendIndex(i), "unknown signal '" + ids.get(i) + "'",
                            "use a signal a check raises (docs/signals.md)" + nearest(ids.get(i)));
                }
            }
            return ids;
        }

        private String nearest(String id) {
            return knownSignals.stream().min(Comparator.comparingInt(k -> distance(k, id)))
                    .filter(k -> distance(k, id) <= 3).map(k -> "; did you mean '" + k + "'?").orElse("");
        }

        private List<String> strings(JsonNode parent, JsonPointer at) {
            JsonNode n = parent.get(at.last().getMatchingProperty());
            if (n == null) return List.of();
            if (!n.isArray()) {
                problem(at, "expected a list of text", "write each item on its own '- ' line");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                if (!n.get(i).isString()) problem(at.appendIndex(i), "expected text", "quote the item");
                else out.add(n.get(i).asString());
            }
            return List.copyOf(out);
        }

        private String id(JsonNode parent, JsonPointer at, String what) {
            String s = text(parent, at, true);
            if (s != null && !ID.matcher(s).matches()) {
                problem(at, "'" + s + "' is not a valid " + what, "use lower-case kebab-case, e.g. key-rotation");
                return null;
            }
            return s;
        }

        private String text(JsonNode parent, JsonPointer at, boolean required) {
            JsonNode n = parent.get(at.last().getMatchingProperty());
            if (n == null || n.isNull()) {
                if (required) problem(at, "missing '" + at.last().getMatchingProperty() + "'", "add it");
                return null;
            }
            if (!n.isString() || n.asString().isBlank()) {
                problem(at, "expected non-empty text", "write it as a quoted string");
                return null;
            }
            return n.asString();
        }

        private int integer(JsonNode n, JsonPointer at, int min, int max) {
            if (!n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
                problem(at, "expected a whole number from " + min + " to " + max + ", got '" + n.asString("") + "'", "write a number");
                return min;
            }
            return n.asInt();
        }

        private void keys(JsonNode n, JsonPointer at, Set<String> allowed) {
            for (String k : n.propertyNames()) {
                if (!allowed.contains(k)) {
                    problem(at.appendProperty(k), "unknown key '" + k + "'", nearestOf(allowed, k) + "allowed here: " + new TreeSet<>(allowed));
                }
            }
        }

        /** "did you mean 'x'? " when one of {@code names} is near {@code name}, else nothing. */
        static String nearestOf(Collection<String> names, String name) {
            return names.stream().min(Comparator.comparingInt(a -> distance(a, name)))
                    .filter(a -> distance(a, name) <= 3).map(a -> "did you mean '" + a + "'? ").orElse("");
        }

        private void problem(JsonPointer at, String message, String fix) {
            problems.add(doc.problem(at, message, fix));
        }
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
