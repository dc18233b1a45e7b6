package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Actions;
import io.pitcrew.text.Columns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pitcrew fix list}: every action, what it does and its options. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the actions, what each does and its options.", "pitcrew fix ACTION --help says more of one."})
final class FixListCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FixCommand.requireNothingBefore(spec);
        OutputFormat format = output.format();
        output.print(format.isData() ? format.write(Map.of("actions", Actions.ALL.stream().map(FixListCommand::fields).toList())) : listing());
        return 0;
    }

    /** Each action, its summary, and its options in one column across all actions. */
    static String listing() {
        Columns table = Columns.plain();
        for (Action a : Actions.ALL) {
            table.note(a.id()).note("    " + a.summary());
            for (Action.Parameter p : a.parameters()) table.row("    --" + p.name() + " " + p.value(), p.description());
        }
        return table.render();
    }

    private static Map<String, Object> fields(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("summary", a.summary());
        m.put("parameters", a.parameters());
        return m;
    }
}
