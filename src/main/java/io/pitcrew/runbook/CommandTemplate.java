package io.pitcrew.runbook;

import io.pitcrew.check.Evidence;
import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a runbook command such as {@code kubectl delete pod {pod} -n {namespace} --context={context}} for one
 * finding. Per-object variables ({context}, {pod}/{namespace}, {node}, {nodepool}) expand into one command per
 * object, at most {@link #MAX_PER_STEP}, and {provisioner} into one per configured provisioner besides the default;
 * the rest are the configured names. An unknown object stays a visible placeholder ({@code <pod>}) so a human sees
 * what to fill in, and so do the values only a person knows ({@link #FILL_IN_VARIABLES}): {@code {...}} is the one
 * placeholder syntax of the runbook's YAML, {@code <...>} only ever its output.
 */
public final class CommandTemplate {

    static final int MAX_PER_STEP = 3;
    private static final Pattern VAR = Pattern.compile("\\{([a-zA-Z][a-zA-Z-]*)}");

    /** Variables filled from configured names. */
    public static final Set<String> NAME_VARIABLES = Set.of("controlPlaneContext", "coderOrganization", "coderNamespace", "coderDeployment", "workspaceSelector",
            "provisionerSelector", "provisionerDefault", "litellmNamespace", "litellmDeployment",
            "keyRotatorDeployment", "keyRotatorSelector", "litellmSelector", "karpenterNamespace", "karpenterSelector",
            "coderSelector", "karpenterDeployment", "loadBalancerControllerNamespace", "loadBalancerControllerDeployment",
            "loadBalancerControllerSelector", "metricsServerNamespace", "metricsServerDeployment", "metricsServerSelector",
            "corednsNamespace", "corednsDeployment", "corednsSelector");
    /** Variables filled from the finding's regions and evidence. */
    public static final Set<String> OBJECT_VARIABLES = Set.of("context", "region", "domain", "pod", "namespace", "node", "nodepool");
    /** Expands into one command per configured provisioner besides the default ({provisionerDefault}). */
    public static final String PROVISIONER = "provisioner";
    /**
     * What only a person knows (pitcrew reads no EKS cluster name or AWS account), written {@code {cluster}} like
     * every variable and always shown as {@code <cluster>}.
     */
    public static final Set<String> FILL_IN_VARIABLES = Set.of("cluster", "aws-account-id", "workspace-image-repo",
            "litellm-alb-endpoint");

    /** Every variable a command may name. */
    public static Set<String> known() {
        Set<String> all = new TreeSet<>(NAME_VARIABLES);
        all.addAll(OBJECT_VARIABLES);
        all.add(PROVISIONER);
        all.addAll(FILL_IN_VARIABLES);
        return all;
    }

    private CommandTemplate() {}

    public static Set<String> variables(String template) {
        Set<String> vars = new LinkedHashSet<>();
        Matcher m = VAR.matcher(template);
        while (m.find()) vars.add(m.group(1));
        return vars;
    }

    /** The commands for one step of one finding. */
    public static List<String> expand(String template, PitcrewConfig config, List<String> regions, List<Evidence> evidence) {
        Map<String, String> names = names(config.names());
        // LiteLLM, its key rotator and the provisioners live in the control plane, whichever region a finding names.
        config.controlPlane().ifPresent(cp -> names.put("controlPlaneContext", cp.context()));
        names.put("coderOrganization", config.probes().coder().map(c -> c.organization()).orElse("default"));
        Set<String> vars = variables(template);
        List<Map<String, String>> bindings = new ArrayList<>();
        evidenceObjects(vars, evidence, MAX_PER_STEP).forEach(o -> bindings.add(object(config, o.get("region"), o)));
        if (vars.contains(PROVISIONER)) {
            others(config.names()).stream().limit(MAX_PER_STEP).forEach(p -> bindings.add(Map.of(PROVISIONER, p)));
        }
        if (bindings.isEmpty()) {
            if (vars.contains("context") || vars.contains("region") || vars.contains("domain")) {
                regions.forEach(r -> bindings.add(object(config, r, Map.of())));
            }
            if (bindings.isEmpty()) bindings.add(Map.of());
        }
        List<String> out = new ArrayList<>();
        for (Map<String, String> b : bindings) {
            String cmd = fill(template, b, names);
            if (!out.contains(cmd)) out.add(cmd);
        }
        return out;
    }

    /**
     * The evidence objects {@code vars} name, at most {@code limit}: every pod for {@code {pod}} or {@code {namespace}},
     * else every node for {@code {node}}, else every node pool for {@code {nodepool}}; each as its variables and
     * {@code region}. Empty when the variables name no object or the evidence has none of that kind.
     */
    static List<Map<String, String>> evidenceObjects(Set<String> vars, List<Evidence> evidence, long limit) {
        String kind = vars.contains("pod") || vars.contains("namespace") ? "Pod"
                : vars.contains("node") ? "Node" : vars.contains("nodepool") ? "NodePool" : null;
        if (kind == null) return List.of();
        return evidence.stream().filter(e -> e.kind().equals(kind)).limit(limit).map(e -> {
            Map<String, String> o = new LinkedHashMap<>();
            switch (kind) {
                case "Pod" -> {
                    o.put("pod", e.name());
                    o.put("namespace", e.namespace());
                }
                case "Node" -> o.put("node", e.name());
                default -> o.put("nodepool", e.name());
            }
            o.put("region", e.region());
            return o;
        }).toList();
    }

    /**
     * The template with placeholders for the runbook document: {@code <context>}, {@code <pod>}, names filled in; a
     * step naming {provisioner} is one line per configured provisioner besides the default.
     */
    public static List<String> forDocument(String template, Names names) {
        if (!variables(template).contains(PROVISIONER) || others(names).isEmpty()) return List.of(fill(template, Map.of(), names(names)));
        return others(names).stream().map(p -> fill(template, Map.of(PROVISIONER, p), names(names))).toList();
    }

    private static List<String> others(Names names) {
        return names.provisioners().stream().skip(1).map(Names.Provisioner::deployment).toList();
    }

    private static Map<String, String> object(PitcrewConfig config, String region, Map<String, String> extra) {
        Map<String, String> b = new LinkedHashMap<>(extra);
        b.put("region", region);
        b.put("context", config.region(region).map(Region::context).orElse(region));
        b.put("domain", config.region(region).map(Region::domain).orElse("<domain>"));
        return b;
    }

    /** {@code {variable}} replaced by its value in {@code binding}, else in {@code names}, else by {@code <variable>}. */
    static String fill(String template, Map<String, String> binding, Map<String, String> names) {
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = m.group(1);
            String value = binding.getOrDefault(v, names.getOrDefault(v, "<" + v + ">"));
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Map<String, String> names(Names n) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("coderNamespace", n.coderNamespace());
        m.put("coderDeployment", n.coderDeployment());
        m.put("workspaceSelector", n.workspaceSelector());
        m.put("provisionerSelector", n.provisionerSelector());
        m.put("provisionerDefault", n.provisioners().isEmpty() ? "<provisioner-deployment>" : n.provisioners().get(0).deployment());
        m.put("litellmNamespace", n.litellmNamespace());
        m.put("litellmDeployment", n.litellmDeployment());
        m.put("keyRotatorDeployment", n.keyRotatorDeployment());
        m.put("keyRotatorSelector", n.keyRotatorSelector());
        m.put("litellmSelector", n.litellmSelector());
        m.put("karpenterNamespace", n.karpenterNamespace());
        m.put("karpenterSelector", n.karpenterSelector());
        m.put("coderSelector", n.coderSelector());
        m.put("karpenterDeployment", n.karpenterDeployment());
        m.put("loadBalancerControllerNamespace", n.loadBalancerControllerNamespace());
        m.put("loadBalancerControllerDeployment", n.loadBalancerControllerDeployment());
        m.put("loadBalancerControllerSelector", n.loadBalancerControllerSelector());
        m.put("metricsServerNamespace", n.metricsServerNamespace());
        m.put("metricsServerDeployment", n.metricsServerDeployment());
        m.put("metricsServerSelector", n.metricsServerSelector());
        m.put("corednsNamespace", n.corednsNamespace());
        m.put("corednsDeployment", n.corednsDeployment());
        m.put("corednsSelector", n.corednsSelector());
        return m;
    }
}
