package io.pitcrew.drill;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A rehearsal of the runbook on the lab, as the store keeps it ({@code DRILL-<n>}).
 *
 * @param startedAt when {@code pitcrew drill start} armed it
 * @param injectAt  when the lab was to inject the fault ({@code --after} later)
 * @param scenarios the faults armed: kept from the responders until the drill ends
 * @param lab       the directory of the lab it runs on
 * @param ending    how it ended; empty while it runs
 */
public record Drill(long number, Instant startedAt, Instant injectAt, List<String> scenarios, String lab, String startedBy,
                    Optional<Ending> ending) {

    public Drill {
        scenarios = List.copyOf(scenarios);
    }

    /**
     * @param outcome {@code ended} (by {@code drill end}), {@code aborted} (the lab was reset or stopped first) or
     *                {@code abandoned} ({@code drill end --abandon}: no lab left to judge it)
     * @param report  the score, as {@code drill end -o json} printed it
     */
    public record Ending(Instant at, String outcome, String report) {}

    public String id() {
        return "DRILL-" + number;
    }

    public boolean running() {
        return ending.isEmpty();
    }
}
