package io.pitcrew.cli;

import io.pitcrew.drill.Drill;
import io.pitcrew.drill.Drills;
import io.pitcrew.drill.ScorecardText;
import io.pitcrew.lab.DrillState;
import io.pitcrew.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code pitcrew drill status}: how long the drill has run, and whether its fault still stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Say how long the drill has run and whether its fault still stands, as the lab sees it.",
                "A fault is mitigated when a fix took its condition away (pods deleted or replaced, a Deployment scaled, a "
                        + "Secret rewritten), never by pitcrew lab reset, which aborts the drill. Names no fault."})
final class DrillStatusCommand extends DrillSubcommand {

    @Mixin
    LabDir lab;

    @Mixin
    OutputOptions output;

    /**
     * What status says, as data: times in seconds, null when the thing has not happened.
     *
     * @param elapsed   since the drill started
     * @param sinceFault since the lab injected the fault
     * @param active    some fault still stands
     * @param aborted   why the drill stopped early (the lab was reset), null otherwise
     */
    record Status(String drill, String lab, String startedAt, long elapsed, String faultAt, Long sinceFault, boolean active,
                  boolean mitigated, List<FaultStatus> faults, String aborted) {}

    /** One fault, in the order start named them; which one is not said. */
    record FaultStatus(boolean active, Long mitigatedAfter) {}

    @Override
    int run() {
        output.writer();
        Drill drill;
        try (Store store = storeOptions.open(Store.Access.READ, err())) {
            drill = running(new Drills(store), store.where(), "no status to show");
        }
        lab.holds(drill);
        DrillState state = lab.remote().drill().filter(s -> s.id().equals(drill.id())).orElseThrow(() -> new IllegalArgumentException(
                "the lab in " + drill.lab() + " does not run " + drill.id() + " (it was restarted since); close the drill with "
                        + "pitcrew drill end --dir " + lab.dir + " --abandon"));
        Instant now = Instant.now();
        Status status = new Status(drill.id(), drill.lab(), drill.startedAt().toString(), seconds(drill.startedAt(), now),
                state.injected() ? state.injectedAt().toString() : null, state.injected() ? seconds(state.injectedAt(), now) : null,
                state.faults().stream().anyMatch(DrillState.Fault::active), state.mitigated(),
                state.faults().stream().map(f -> new FaultStatus(f.active(),
                        f.mitigatedAt() == null ? null : seconds(state.injectedAt(), f.mitigatedAt()))).toList(),
                state.aborted());
        if (output.format().isData()) {
            output.print(output.format().write(status));
        } else {
            output.print(table(status));
        }
        return 0;
    }

    private static String table(Status s) {
        StringBuilder b = new StringBuilder(s.drill() + " on the lab in " + s.lab() + ", started " + ago(s.elapsed()) + "\n");
        if (s.aborted() != null) b.append("aborted: ").append(s.aborted()).append("; the fault no longer runs (pitcrew drill end scores what was done)\n");
        if (s.faultAt() == null) {
            b.append(s.aborted() == null ? "fault: not begun yet\n" : "fault: never began\n");
            return b.toString();
        }
        b.append("fault: began ").append(ago(s.sinceFault())).append("; ");
        long standing = s.faults().stream().filter(FaultStatus::active).count();
        if (s.mitigated()) {
            long last = s.faults().stream().mapToLong(FaultStatus::mitigatedAfter).max().orElse(0);
            b.append("mitigated ").append(ScorecardText.duration(last, "")).append(" after it began\n");
        } else if (s.faults().size() == 1) {
            b.append("still active\n");
        } else {
            b.append(standing).append(" of ").append(s.faults().size()).append(" faults still active\n");
        }
        return b.toString();
    }

    private static String ago(long seconds) {
        return ScorecardText.duration(seconds, "") + " ago";
    }

    private static long seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toSeconds());
    }
}
