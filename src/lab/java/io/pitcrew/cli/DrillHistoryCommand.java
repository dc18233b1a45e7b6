package io.pitcrew.cli;

import io.pitcrew.drill.DrillHistory;
import io.pitcrew.drill.Drills;
import io.pitcrew.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code pitcrew drill history}: every drill of the store, newest first, with its times. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List the drills kept in the store, newest first: when, which fault, how it ended, time to detect, "
                + "acknowledge and mitigate. A drill still running keeps its fault hidden."})
final class DrillHistoryCommand extends DrillSubcommand {

    @Mixin
    OutputOptions output;

    @Override
    int run() {
        output.writer();
        List<DrillHistory.Entry> entries;
        try (Store store = storeOptions.open(Store.Access.READ, err())) {
            entries = DrillHistory.of(new Drills(store).all());
        }
        output.print(output.format().isData() ? output.format().write(entries) : DrillHistory.table(entries));
        return 0;
    }
}
