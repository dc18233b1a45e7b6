package io.pitcrew.cli;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.IncidentDocument;
import io.pitcrew.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** {@code pitcrew incident list}: the open incidents, or all of them. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List open incidents (--all: resolved ones too), newest first.")
final class IncidentListCommand extends IncidentSubcommand {

    @Option(names = "--all", description = "Resolved incidents too") boolean all;

    @Override
    int run(Session s) {
        List<Incident> shown = all ? s.incidents.all() : s.incidents.open();
        s.out.print(table() ? IncidentView.list(shown)
                : output.format().write(Map.of("incidents", shown.stream().map(IncidentDocument::fields).toList())));
        s.out.flush();
        return 0;
    }

    @Override
    Store.Access access() {
        return Store.Access.READ;
    }
}
