package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Actions;
import io.pitcrew.act.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actions' parameters as options of the command line, made from each action's {@link Action#parameters()}:
 * {@code --replicas N}, and where the command line types them, {@code -n NS}, {@code --for 4h} (a bounded pause),
 * {@code --from-stdin} (a flag). Every command that takes them has all of them: the ones its action does not take
 * are hidden, so using one is refused by name ("scale-litellm does not take --pod; it takes: --replicas").
 */
final class ActionOptions {

    /** The order given parameters are kept in (the audit log records them as typed, in this order). */
    private static final List<String> ORDER = List.of("replicas", "others", "region", "pod", "namespace", "cpu", "memory", "for",
            "until", "secret", "from-stdin", "from-env", "expires-at");

    private ActionOptions() {}

    /** Adds an option for every parameter of any action; shown in help only those {@code action} takes (none when empty). */
    static void addTo(CommandSpec spec, Optional<Action> action) {
        for (String name : names()) {
            Optional<Action.Parameter> taken = action.flatMap(a -> parameter(a, name));
            Action.Parameter p = taken.or(() -> Actions.ALL.stream().flatMap(a -> parameter(a, name).stream()).findFirst()).orElseThrow();
            OptionSpec.Builder option = OptionSpec.builder(name.equals("namespace") ? new String[] {"-n", "--namespace"} : new String[] {"--" + name})
                    .description(p.description()).hidden(taken.isEmpty());
            if (p.value().isEmpty()) {
                option.type(boolean.class).arity("0");
            } else {
                option.type(String.class).paramLabel(p.value());
                // the pause is checked (and refused with its bounds) as it is parsed, and kept as typed for the audit log
                if (name.equals("for")) option.converters(text -> {
                    new DurationOption.Pause().convert(text);
                    return text;
                });
            }
            spec.addOption(option.build());
        }
    }

    /**
     * The parameters given on the command line, refusing any {@code action} does not take; new secret values from
     * {@code stdin} or the environment.
     */
    static Parameters read(CommandSpec spec, Action action, InputStream stdin) {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : names()) {
            OptionSpec option = spec.findOption("--" + name);
            if (option == null || !parsed.hasMatchedOption(option)) continue;
            given.put(name, option.typeInfo().isBoolean() ? "true" : option.getValue());
        }
        Parameters.requireTaken(action, given.keySet());
        return new Parameters(given, secretValues(given, stdin));
    }

    /** Every parameter name of every action, in {@link #ORDER} first. */
    private static List<String> names() {
        Set<String> all = new LinkedHashSet<>();
        Actions.ALL.forEach(a -> a.parameters().forEach(p -> all.add(p.name())));
        List<String> names = new ArrayList<>(ORDER.stream().filter(all::contains).toList());
        all.stream().filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    private static Optional<Action.Parameter> parameter(Action action, String name) {
        return action.parameters().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** New secret values from stdin or the environment: never from the command line, where ps and history see them. */
    private static Parameters.SecretValues secretValues(Map<String, String> given, InputStream stdin) {
        Map<String, String> values = new LinkedHashMap<>();
        if (given.containsKey("from-stdin")) {
            String text;
            try {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--from-stdin: cannot read stdin: " + e.getMessage());
            }
            int n = 0;
            for (String line : text.split("\\R")) {
                n++;
                if (line.isBlank() || line.strip().startsWith("#")) continue;
                int eq = line.indexOf('=');
                // Only the line number in the message: the line may be a secret without its key.
                if (eq <= 0) throw new IllegalArgumentException("--from-stdin: line " + n + " is not KEY=VALUE");
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        String fromEnv = given.get("from-env");
        if (fromEnv != null) {
            for (String name : fromEnv.split(",")) {
                String v = System.getenv(name.strip());
                if (v == null || v.isEmpty()) throw new IllegalArgumentException("--from-env: " + name.strip() + " is not set");
                values.put(name.strip(), v);
            }
        }
        values.forEach((k, v) -> {
            if (v.isEmpty()) throw new IllegalArgumentException("the new value of " + k + " is empty");
        });
        return new Parameters.SecretValues(values);
    }
}
