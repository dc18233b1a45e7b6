package io.pitcrew.cli;

import io.pitcrew.doctor.Doctor;
import io.pitcrew.drill.Drill;
import io.pitcrew.drill.DrillFacts;
import io.pitcrew.drill.Drills;
import io.pitcrew.drill.Scorecard;
import io.pitcrew.drill.ScorecardText;
import io.pitcrew.incident.Incidents;
import io.pitcrew.lab.DrillState;
import io.pitcrew.lab.LabRemote;
import io.pitcrew.lab.Rehearsal;
import io.pitcrew.lab.Rehearsals;
import io.pitcrew.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code pitcrew drill end}: reveals the drill's fault and scores what the team did. */
@Command(name = "end", mixinStandardHelpOptions = true,
        description = {"End the drill running on the lab in --dir: reveal the fault and score it.",
                "Time to detect (the first finding of the right cause seen by doctor or serve, or an incident linked to "
                        + "it), to acknowledge (that incident's ack), to mitigate (the lab saw the fault's condition go); the "
                        + "pitcrew fix actions of the drill, wrong or refused ones, against the runbook's path for the cause. "
                        + "The score is kept with the drill (pitcrew drill history)."})
final class DrillEndCommand extends DrillSubcommand {

    /** Audit rows read back for a drill: a game day's fixes, many times over. */
    static final int AUDIT_ROWS = 1000;

    @Mixin
    LabDir lab;

    @Mixin
    OutputOptions output;

    @Option(names = "--abandon", description = "End the drill without the lab's truth, when its lab is gone (stopped, restarted): "
            + "detection and acknowledgement are still scored, mitigation is not")
    boolean abandon;

    @Override
    int run() {
        output.writer();
        try (Store store = storeOptions.open(Store.Access.WRITE, err())) {
            Drills drills = new Drills(store);
            Drill drill = running(drills, store.where(), "nothing to end");
            lab.holds(drill);
            Optional<DrillState> truth = truth(drill);
            Instant now = Instant.now();
            String outcome = truth.isEmpty() ? "abandoned" : truth.get().aborted() != null ? "aborted" : "ended";
            DrillFacts facts = new DrillFacts(drill, now, outcome, truth.map(DrillState::injectedAt), faults(drill, truth),
                    drills.sightings(drill), new Incidents(store, Clock.systemUTC()).all(), store.audit().latest(AUDIT_ROWS));
            Scorecard score = Scorecard.of(facts, Doctor.loadRunbook(Optional.empty()));
            drills.end(drill, new Drill.Ending(now, outcome, OutputFormat.JSON.write(score)));
            output.print(switch (output.format()) {
                case JSON, YAML -> output.format().write(score);
                case MARKDOWN -> ScorecardText.markdown(score);
                case TABLE, WIDE -> ScorecardText.table(score);
            });
        }
        return 0;
    }

    /** The lab's word on the drill, ending it there; empty only with --abandon, when the lab has none to give. */
    private Optional<DrillState> truth(Drill drill) {
        Optional<DrillState> state;
        String why;
        try {
            state = LabRemote.in(lab.dir).endDrill().filter(s -> s.id().equals(drill.id()));
            why = "the lab in " + drill.lab() + " does not run " + drill.id() + " (it was restarted since)";
        } catch (LabRemote.NotRunning e) {
            state = Optional.empty();
            why = e.getMessage();
        }
        if (state.isPresent() || abandon) return state;
        throw new IllegalArgumentException(why + "; without the lab, whether the fault was mitigated is not known: "
                + "pitcrew drill end --dir " + lab.dir + " --abandon closes " + drill.id() + " without it");
    }

    private static List<DrillFacts.Fault> faults(Drill drill, Optional<DrillState> truth) {
        List<DrillFacts.Fault> out = new ArrayList<>();
        for (int i = 0; i < drill.scenarios().size(); i++) {
            String name = drill.scenarios().get(i);
            Optional<Rehearsal> r = Rehearsals.byName(name);
            int at = i;
            Optional<Instant> mitigated = truth.filter(s -> at < s.faults().size()).map(s -> s.faults().get(at).mitigatedAt());
            out.add(new DrillFacts.Fault(name, r.map(Rehearsal::summary).orElse("(not a fault of this lab)"),
                    r.map(Rehearsal::report).orElse(""), r.map(Rehearsal::expected).orElse(""), mitigated,
                    r.map(Rehearsal::fixableInLab).orElse(false)));
        }
        return out;
    }
}
