package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Actions;
import io.pitcrew.act.Inverse;
import io.pitcrew.act.Outcome;
import io.pitcrew.act.Parameters;
import io.pitcrew.act.Revert;
import io.pitcrew.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code pitcrew fix revert AUDIT-ID}: the inverse an applied fix recorded, planned and applied as any action. */
@Command(name = "revert", mixinStandardHelpOptions = true, sortOptions = true,
        description = {"Undo the fix applied in an audit row (pitcrew fix audit lists them).",
                "Runs the inverse the row recorded (scaling back, resuming, the old limits) through the same safe path as any "
                        + "action. Without --yes it shows the plan and changes nothing. A fix without an inverse (a restart, new credentials) "
                        + "cannot be reverted; one reverted already has nothing left to do."},
        footer = {"", "Examples:",
                "  pitcrew fix revert 12          show what undoing audit row 12 would change",
                "  pitcrew fix revert 12 --yes    undo it",
                "", "Exit codes: 0 applied, already in effect or planned; 2 bad input; 3 refused; 4 failed or not verified, "
                + "or the store cannot be used."})
final class FixRevertCommand extends FixSubcommand {

    @CommandLine.Parameters(index = "0", paramLabel = "AUDIT-ID", description = "The audit row of the fix to undo")
    long revert;

    @Mixin
    ApplyOptions apply;

    @Override
    int answer(PrintWriter out) {
        Optional<Inverse> inverse;
        try (Store store = storeOptions.open(Store.Access.READ, spec.commandLine().getErr())) {
            inverse = Revert.of(store.audit(), revert);
        }
        OutputFormat format = output.format();
        if (inverse.isEmpty()) {
            String nothing = "audit #" + revert + " is reverted already: nothing to do";
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("reverts", revert);
            doc.put("result", "in-effect");
            doc.put("detail", nothing);
            out.print(format.isData() ? format.write(doc) : nothing + "\n");
            return 0;
        }
        Action action = Actions.byId(inverse.get().action()).orElseThrow(() -> new IllegalArgumentException(
                "audit #" + revert + ": its inverse " + inverse.get().action() + " is not an action of this pitcrew"));
        // as data, stdout is the outcome's document alone
        PrintWriter said = format.isData() ? spec.commandLine().getErr() : out;
        said.println("revert of audit #" + revert + ": " + inverse.get().commandLine());
        said.flush();
        Outcome outcome = run(action, new Parameters(inverse.get().parameters()), apply.yes, OptionalLong.of(revert), apply.wait);
        out.print(shown(action, outcome));
        return outcome.result().exitCode();
    }
}
