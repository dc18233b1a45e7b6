package io.pitcrew.runbook;

import io.pitcrew.check.Evidence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One action of {@code pitcrew fix} a cause calls for ({@code fix:} in the runbook YAML), and how its parameters come
 * from the finding: each value is text with the command templates' variables, e.g.
 * {@code {action: delete-workspace-pod, region: "{region}", namespace: "{namespace}", pod: "{pod}"}}.
 *
 * @param parameters parameter name (as {@code --name} of {@code pitcrew fix ACTION}) → value template, in order
 */
public record Fix(String action, Map<String, String> parameters) {

    /**
     * The variables a parameter may use: what the finding's regions and evidence name, and the workshop running or about
     * to ({@code workshop}, its name; {@code workshopEnd}, when it ends, as a UTC time: {@code pause-key-rotation --until}).
     */
    public static final Set<String> VARIABLES = Set.of("region", "pod", "namespace", "node", "nodepool", "workshop", "workshopEnd");

    public Fix {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * The parameter sets a finding fills in: one per evidence object the templates name (each pod for {@code {pod}}),
     * else one per region for {@code {region}}, else the one set as written. None when the finding has nothing to
     * fill in (no pod in its evidence for {@code {pod}}): the action is still the cause's fix, run with chosen options.
     */
    public List<Map<String, String>> fill(List<String> regions, List<Evidence> evidence) {
        return fill(regions, evidence, Map.of());
    }

    /** @param known variables known whatever the evidence ({@code workshop}, {@code workshopEnd}) */
    public List<Map<String, String>> fill(List<String> regions, List<Evidence> evidence, Map<String, String> known) {
        Set<String> vars = new LinkedHashSet<>();
        parameters.values().forEach(t -> vars.addAll(CommandTemplate.variables(t)));
        vars.removeAll(known.keySet());
        List<Map<String, String>> bindings;
        if (vars.isEmpty()) bindings = List.of(Map.of());
        else if (vars.equals(Set.of("region"))) bindings = regions.stream().map(r -> Map.of("region", r)).toList();
        else bindings = CommandTemplate.evidenceObjects(vars, evidence, Long.MAX_VALUE);
        return bindings.stream().map(b -> {
            Map<String, String> filled = new LinkedHashMap<>();
            parameters.forEach((name, template) -> filled.put(name, CommandTemplate.fill(template, b, known)));
            return Collections.unmodifiableMap(filled);
        }).distinct().toList();
    }

    /** {@code pitcrew fix ACTION --name value ...} as typed ({@code -n} for the namespace, as kubectl has it). */
    public static String commandLine(String action, Map<String, String> parameters) {
        StringBuilder b = new StringBuilder("pitcrew fix ").append(action);
        parameters.forEach((k, v) -> b.append(k.equals("namespace") ? " -n " : " --" + k + " ").append(v));
        return b.toString();
    }
}
