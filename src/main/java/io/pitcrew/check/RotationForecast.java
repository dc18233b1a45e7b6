package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.config.DurationText;
import io.pitcrew.config.Names;
import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the LiteLLM key rotator will rotate next, predicted from its log history (the runbook: "occurs every 4-5 hours,
 * forces workspace restarts"): its own announcement ("next rotation in 4h24m") first, else the previous rotation plus
 * the interval it names ("schedule every 4h30m") or the one between its last two rotations, else the runbook's 4-5
 * hours. A rotator scaled to 0 rotates nothing until it is resumed ({@code pitcrew.io/resume-at} says when).
 *
 * @param last      when the latest rotation in the log tail started
 * @param next      the next rotation as announced or derived; empty when only the runbook's range is known
 * @param interval  the time between rotations, if the rotator or its history says it
 * @param how       where the prediction comes from, for a human
 * @param resumeAt  for a paused rotator, when pitcrew's pause is due to end
 */
public record RotationForecast(String region, State state, Optional<Instant> last, Optional<Instant> next,
                               Optional<Duration> interval, String how, Optional<Instant> resumeAt) {

    public enum State { RUNNING, PAUSED }

    /** A rotation expected at some moment between two times (the same time when it is known exactly). */
    public record Due(Instant earliest, Instant latest) {
        public boolean overlaps(Instant from, Instant to) {
            return !latest.isBefore(from) && earliest.isBefore(to);
        }

        public String describe() {
            return earliest.equals(latest) ? seconds(earliest) : "between " + seconds(earliest) + " and " + seconds(latest);
        }
    }

    /** The runbook's "every 4-5 hours". */
    public static final Duration RUNBOOK_EARLIEST = Duration.ofHours(4);
    public static final Duration RUNBOOK_LATEST = Duration.ofHours(5);
    /** Rotation lines this close together are one rotation (the runbook: "typically under 5 minutes"). */
    private static final Duration ONE_ROTATION = Duration.ofMinutes(30);
    private static final Pattern EVERY = Pattern.compile("(?i)\\bevery\\s+((?:\\d+(?:h|m|s))+)\\b");

    /** The forecast for the rotator of this region; empty where no rotator runs (the proxy regions). */
    public static Optional<RotationForecast> of(RegionSnapshot region, Names names) {
        Optional<Deployment> rotator = region.deployments().stream()
                .filter(d -> names.litellmNamespace().equals(d.getMetadata().getNamespace())
                        && names.keyRotatorDeployment().equals(d.getMetadata().getName())).findFirst();
        if (rotator.isEmpty()) return Optional.empty();
        String r = region.region().name();
        Deployment d = rotator.get();
        int replicas = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        Optional<Instant> resumeAt = Optional.ofNullable(annotations == null ? null : KubeTime.parse(annotations.get(KeyRotationPauseCheck.RESUME_AT)));
        State state = replicas == 0 ? State.PAUSED : State.RUNNING;

        List<LogLine> lines = region.logs(LogTail.Component.KEY_ROTATOR).stream().flatMap(t -> t.lines().stream())
                .filter(l -> l.time() != null && l.text() != null).sorted(Comparator.comparing(LogLine::time)).toList();
        List<Instant> starts = new ArrayList<>();
        Instant previousLine = null;
        Optional<Duration> every = Optional.empty();
        for (LogLine l : lines) {
            if (!KeyRotationCheck.isRotation(l.text())) continue;
            if (previousLine == null || Duration.between(previousLine, l.time()).compareTo(ONE_ROTATION) > 0) starts.add(l.time());
            previousLine = l.time();
            Matcher m = EVERY.matcher(l.text());
            if (m.find()) every = parse(m.group(1));
        }
        Optional<Instant> last = starts.isEmpty() ? Optional.empty() : Optional.of(starts.getLast());
        Optional<Duration> interval = every.isPresent() ? every
                : starts.size() >= 2 ? Optional.of(Duration.between(starts.get(starts.size() - 2), starts.getLast())) : Optional.empty();
        Optional<Instant> next = Optional.empty();
        String how;
        Optional<LogLine> announcement = lines.stream().filter(l -> KeyRotationCheck.ANNOUNCED.matcher(l.text()).find())
                .filter(l -> last.isEmpty() || !l.time().isBefore(last.get())).reduce((a, b) -> b);
        Optional<Duration> announced = announcement.flatMap(l -> {
            Matcher m = KeyRotationCheck.ANNOUNCED.matcher(l.text());
            return m.find() ? parse(m.group(1)) : Optional.empty();
        });
        if (announced.isPresent()) {
            next = Optional.of(announcement.get().time().plus(announced.get()));
            how = "announced at " + seconds(announcement.get().time()) + ": \"" + KeyRotationCheck.ANNOUNCED.matcher(announcement.get().text()).results()
                    .reduce((a, b) -> b).map(MatchResult::group).map(String::strip).orElse("") + "\"";
        } else if (last.isPresent() && interval.isPresent()) {
            next = Optional.of(last.get().plus(interval.get()));
            how = "the last rotation at " + seconds(last.get()) + " plus its interval of " + DurationText.format(interval.get());
        } else if (last.isPresent()) {
            how = "the last rotation at " + seconds(last.get()) + " plus the runbook's 4-5 hours";
        } else {
            how = "no rotation in the rotator's log tail";
        }
        return Optional.of(new RotationForecast(r, state, last, next, interval, how, resumeAt));
    }

    /**
     * The first rotation expected to overlap {@code from} to {@code to}, if any. A paused rotator rotates nothing until
     * its resume time (a pause by hand, without one, until someone resumes it); once resumed, it rotates on its schedule.
     * Empty also when nothing is known to predict from: see {@link #known()}.
     */
    public Optional<Due> dueWithin(Instant from, Instant to) {
        if (state == State.PAUSED && resumeAt.isEmpty()) return Optional.empty();
        Instant earliest = state == State.PAUSED ? resumeAt.get() : Instant.MIN;
        Optional<Due> first = next.map(n -> new Due(n, n))
                .or(() -> last.map(l -> interval.map(i -> new Due(l.plus(i), l.plus(i)))
                        .orElseGet(() -> new Due(l.plus(RUNBOOK_EARLIEST), l.plus(RUNBOOK_LATEST)))));
        if (first.isEmpty()) return Optional.empty();
        Due due = first.get();
        // at most a week of rotations ahead: a window further out is not a workshop to get ready for today
        for (int k = 0; k < 60 && due.earliest().isBefore(to); k++) {
            if (!due.latest().isBefore(earliest) && due.overlaps(from, to)) {
                Instant clippedEarliest = due.earliest().isBefore(earliest) ? earliest : due.earliest();
                return Optional.of(new Due(clippedEarliest, due.latest()));
            }
            due = step(due);
        }
        return Optional.empty();
    }

    private Due step(Due due) {
        return interval.map(i -> new Due(due.earliest().plus(i), due.latest().plus(i)))
                .orElseGet(() -> new Due(due.earliest().plus(RUNBOOK_EARLIEST), due.latest().plus(RUNBOOK_LATEST)));
    }

    /** Whether the rotator's log gives anything to predict from. */
    public boolean known() {
        return last.isPresent() || next.isPresent();
    }

    /** Whole seconds: a human reads 14:54:00Z, not the kubelet's nanoseconds. */
    static String seconds(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static Optional<Duration> parse(String text) {
        try {
            Duration d = DurationText.parse(text);
            return d.isZero() ? Optional.empty() : Optional.of(d);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
