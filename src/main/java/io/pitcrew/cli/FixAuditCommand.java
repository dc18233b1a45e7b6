package io.pitcrew.cli;

import io.pitcrew.act.AuditDocument;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.Store;
import io.pitcrew.text.Columns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pitcrew fix audit}: the latest rows of the audit log, newest first. Only reads the store. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the latest rows of the audit log, newest first.",
                "Every fix applied, refused, failed or verified, who did it, and its audit id (for pitcrew fix revert). "
                        + "Only reads the store."})
final class FixAuditCommand implements Callable<Integer> {

    /** Rows shown. */
    static final int LATEST = 20;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FixCommand.requireNothingBefore(spec);
        PrintWriter out = output.writer();
        OutputFormat format = output.format();
        try (Store store = storeOptions.open(Store.Access.READ, spec.commandLine().getErr())) {
            List<AuditEntry> rows = store.audit().latest(LATEST);
            out.print(format.isData() ? format.write(Map.of("entries", rows.stream().map(AuditDocument::of).toList())) : listing(rows));
        }
        output.finish();
        return 0;
    }

    private static String listing(List<AuditEntry> rows) {
        Columns table = Columns.headed("ID", "AT", "WHO", "ACTION", "RESULT", "DETAIL");
        for (AuditEntry r : rows) {
            String extra = r.reverts().isPresent() ? " [reverts #" + r.reverts().getAsLong() + "]"
                    : r.follows().isPresent() ? " [of #" + r.follows().getAsLong() + "]" : "";
            String due = r.resumeAt().map(t -> " resume due " + t).orElse("");
            table.row(r.id(), r.at().truncatedTo(ChronoUnit.SECONDS), r.actor(), r.action(), r.result(), firstLine(r.detail()) + extra + due);
        }
        return table.render();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
