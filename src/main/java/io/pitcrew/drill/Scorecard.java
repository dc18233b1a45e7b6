package io.pitcrew.drill;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.runbook.Cause;
import io.pitcrew.runbook.Fix;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.runbook.Step;
import io.pitcrew.store.AuditEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A drill's score, as {@code pitcrew drill end -o json} prints it and the store keeps it. Times are seconds from the
 * moment the lab injected the fault, null when the thing never happened (no one detected it, nothing was
 * acknowledged, the fault still stands).
 *
 * @param scenario          the faults, as {@code drill start --scenario} names them (comma-separated when several)
 * @param outcome           ended, aborted (the lab was reset or stopped) or abandoned
 * @param mitigated         every fault's condition is gone, by a fix
 * @param timeToDetect      to the first finding of a right cause seen by doctor or serve, or an incident linked to one
 * @param detectedBy        {@code doctor}, {@code serve} or the incident's id
 * @param timeToAcknowledge to the acknowledgement of an incident linked to a right cause
 * @param timeToMitigate    to the moment the last fault's condition went away
 * @param actions           what {@code pitcrew fix} decided during the drill (applied, in effect, refused, failed)
 * @param wrongActions      of those, fixes applied that are on no right cause's runbook path
 * @param refusedActions    of those, fixes refused by a bound or that failed
 * @param runbook           each right cause's path in the runbook: its steps and its fixes, taken or missed
 * @param sightings         every finding doctor and serve saw during the drill, right or not
 */
public record Scorecard(String drill, String scenario, String outcome, boolean mitigated, Long timeToDetect,
                        String detectedBy, Long timeToAcknowledge, Long timeToMitigate, String startedAt, String faultAt,
                        String endedAt, List<FaultScore> faults, List<ActionTaken> actions, List<ActionTaken> wrongActions,
                        List<ActionTaken> refusedActions, List<RunbookPath> runbook, List<Seen> sightings) {

    /** One fault: what it was, what participants said, and whether (and when) its condition went away. */
    public record FaultScore(String scenario, String summary, String report, String finding, boolean mitigated,
                             Long timeToMitigate, boolean fixableInLab) {}

    /** An audit row written during the drill; {@code after}: seconds after the fault began, negative before it. */
    public record ActionTaken(long audit, String at, Long after, String actor, String action, String parameters,
                              String result, boolean onPath) {}

    /** A right cause's runbook path: the steps it lists, the fixes it names, which of them were applied. */
    public record RunbookPath(String finding, String title, List<String> steps, List<String> fix, List<String> taken,
                              List<String> missed) {}

    /** A finding seen during the drill ({@code after} as for an action); {@code right} when it names one of the drill's faults. */
    public record Seen(String at, Long after, String source, String finding, boolean right) {}

    /** The decisions of the audit log (its verifications follow an applied row and are not decisions). */
    private static final Set<String> DECISIONS = Set.of("applied", "in-effect", "refused", "failed");

    /** Scores a drill from its facts, against the runbook's path for each fault's cause. */
    public static Scorecard of(DrillFacts facts, Runbook runbook) {
        Drill drill = facts.drill();
        Optional<Instant> t0 = facts.faultAt();
        Set<String> right = new LinkedHashSet<>(facts.faults().stream().map(DrillFacts.Fault::finding).toList());

        Optional<Detection> detected = detection(facts, right, t0);
        Optional<Instant> acknowledged = t0.isEmpty() ? Optional.empty() : facts.incidents().stream()
                .filter(i -> during(i, facts) && linked(i, right))
                .flatMap(i -> i.times().acknowledged().stream())
                .min(Comparator.naturalOrder());

        List<FaultScore> faults = new ArrayList<>();
        for (DrillFacts.Fault f : facts.faults()) {
            Optional<Instant> m = t0.isEmpty() ? Optional.empty() : f.mitigatedAt();
            faults.add(new FaultScore(f.scenario(), f.summary(), f.report(), f.finding(), m.isPresent(), seconds(t0, m),
                    f.fixableInLab()));
        }
        boolean mitigated = !faults.isEmpty() && faults.stream().allMatch(FaultScore::mitigated);
        Optional<Instant> lastMitigated = mitigated
                ? facts.faults().stream().flatMap(f -> f.mitigatedAt().stream()).max(Comparator.naturalOrder())
                : Optional.empty();

        Set<String> onPath = new LinkedHashSet<>();
        for (String key : right) runbook.cause(key).ifPresent(c -> c.fix().forEach(fx -> onPath.add(fx.action())));
        List<ActionTaken> actions = facts.audit().stream()
                .filter(a -> DECISIONS.contains(a.result()) && !a.at().isBefore(drill.startedAt()) && !a.at().isAfter(facts.endedAt()))
                .sorted(Comparator.comparing(AuditEntry::id))
                .map(a -> new ActionTaken(a.id(), a.at().toString(), offset(t0, a.at()), a.actor(), a.action(),
                        a.parameters(), a.result(), onPath.contains(a.action())))
                .toList();
        List<ActionTaken> wrong = actions.stream().filter(a -> applied(a) && !a.onPath()).toList();
        List<ActionTaken> refused = actions.stream().filter(a -> a.result().equals("refused") || a.result().equals("failed")).toList();

        List<RunbookPath> paths = new ArrayList<>();
        for (String key : right) {
            Optional<Cause> cause = runbook.cause(key);
            List<String> fix = cause.map(c -> c.fix().stream().map(Fix::action).distinct().toList()).orElse(List.of());
            List<String> taken = fix.stream().filter(x -> actions.stream().anyMatch(a -> applied(a) && a.action().equals(x))).toList();
            paths.add(new RunbookPath(key, cause.map(Cause::title).orElse("(not in this runbook)"),
                    cause.map(c -> c.actions().stream().map(Scorecard::step).toList()).orElse(List.of()), fix, taken,
                    fix.stream().filter(x -> !taken.contains(x)).toList()));
        }
        List<Seen> seen = facts.sightings().stream()
                .map(s -> new Seen(s.at().toString(), offset(t0, s.at()), s.source(), s.finding(), right.contains(s.finding())))
                .toList();

        return new Scorecard(drill.id(), String.join(",", drill.scenarios()), facts.outcome(), mitigated,
                detected.map(d -> seconds(t0, Optional.of(d.at()))).orElse(null), detected.map(Detection::by).orElse(null),
                seconds(t0, acknowledged), seconds(t0, lastMitigated), drill.startedAt().toString(),
                t0.map(Instant::toString).orElse(null), facts.endedAt().toString(), faults, actions, wrong, refused, paths, seen);
    }

    private record Detection(Instant at, String by) {}

    /** The first sighting of a right cause after the fault began, or an incident linked to one, whichever came first. */
    private static Optional<Detection> detection(DrillFacts facts, Set<String> right, Optional<Instant> t0) {
        if (t0.isEmpty()) return Optional.empty();
        List<Detection> candidates = new ArrayList<>();
        facts.sightings().stream().filter(s -> right.contains(s.finding()) && !s.at().isBefore(t0.get()))
                .forEach(s -> candidates.add(new Detection(s.at(), s.source())));
        facts.incidents().stream().filter(i -> during(i, facts) && linked(i, right))
                .forEach(i -> candidates.add(new Detection(i.times().declared(), i.id())));
        return candidates.stream().min(Comparator.comparing(Detection::at));
    }

    /** Declared while the drill ran. */
    private static boolean during(Incident i, DrillFacts facts) {
        Instant declared = i.times().declared();
        return !declared.isBefore(facts.drill().startedAt()) && !declared.isAfter(facts.endedAt());
    }

    private static boolean linked(Incident i, Set<String> right) {
        return i.findings().stream().map(LinkedFinding::id).anyMatch(right::contains);
    }

    private static boolean applied(ActionTaken a) {
        return a.result().equals("applied") || a.result().equals("in-effect");
    }

    private static String step(Step s) {
        return s.command() == null ? s.title() : s.title() + ": " + s.command();
    }

    /** Seconds from the fault to {@code at}, negative before it (an action taken before there was anything to fix). */
    private static Long offset(Optional<Instant> from, Instant at) {
        return from.map(f -> Duration.between(f, at).toSeconds()).orElse(null);
    }

    /** Whole seconds from the fault to {@code at}; null when either is missing; never negative. */
    private static Long seconds(Optional<Instant> from, Optional<Instant> at) {
        if (from.isEmpty() || at.isEmpty()) return null;
        return Math.max(0, Duration.between(from.get(), at.get()).toSeconds());
    }
}
