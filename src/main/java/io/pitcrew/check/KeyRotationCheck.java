package io.pitcrew.check;

import io.pitcrew.config.DurationText;
import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runbook §1/§3 "Check if LiteLLM key rotation is happening" ({@code kubectl logs -l app=litellm-key-rotator}):
 * a rotation within {@code keyRotationWindow} explains workspace restarts and auth failures. Lines announcing a
 * future rotation ("next rotation in 1h24m", "rotation scheduled at ...") are the rotator idling, not rotating.
 * Lines without a kubelet time are ignored: we cannot tell whether they are recent.
 */
public final class KeyRotationCheck implements Check {

    public static final String ID = "key-rotation-recent";

    private static final Pattern ROTATION = Pattern.compile("(?i)\\brotat(e|es|ed|ing|ion|ions)\\b");
    /** Phrases that announce a rotation to come; removed before looking for a rotation happening now. */
    private static final Pattern FUTURE = Pattern.compile("(?i)\\bnext\\s+(key\\s+)?rotation\\b"
            + "|\\bscheduled\\s+(key\\s+)?rotation\\b|\\brotation\\s+(is\\s+)?scheduled\\b|\\bwill\\s+rotate\\b");

    /** A rotation line saying it is done: "rotated 42 virtual keys". */
    private static final Pattern DONE = Pattern.compile("(?i)\\brotated\\b|\\brotation\\s+(complete|completed|finished|done)\\b");
    static final Pattern ANNOUNCED = Pattern.compile("(?i)\\bnext\\s+(?:key\\s+)?rotation\\s+in\\s+((?:\\d+(?:ms|h|m|s))+)");
    /** The runbook: "Wait for rotation to complete (typically <5 minutes)". */
    private static final Duration USUAL_LENGTH = Duration.ofMinutes(5);

    private static final CheckHeader HEADER = new CheckHeader("key-rotation", List.of(ID),
            EnumSet.of(Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally rotations = LogEvidence.recent(region, LogTail.Component.KEY_ROTATOR,
                context.thresholds().keyRotationWindow(), context, KeyRotationCheck::isRotation);
        List<Signal> out = new ArrayList<>();
        if (rotations.isEmpty()) return out;
        rotations.emit(out, ID, r, "LiteLLM key rotation logged in the last "
                + KubeTime.ago(context.now().minus(context.thresholds().keyRotationWindow()), context.now())
                + " (" + EvidenceTally.count(rotations.affected(), "line") + "); " + schedule(region, context));
        return out;
    }

    /**
     * When this rotation started, whether it finished (the runbook: "typically under 5 minutes") and when the next
     * is due (the runbook: every 4-5 hours), from the rotator's log history: its own announcement ("next rotation in
     * 4h30m") first, else the time since the previous rotation in the tail, else the runbook's 4-5 hours.
     */
    static String schedule(RegionSnapshot region, CheckContext context) {
        Duration window = context.thresholds().keyRotationWindow();
        Instant now = context.now();
        List<LogLine> lines = region.logs(LogTail.Component.KEY_ROTATOR).stream().flatMap(t -> t.lines().stream())
                .filter(l -> l.time() != null && l.text() != null)
                // whole seconds: a human reads "started 14:54:00Z", not the kubelet's nanoseconds
                .map(l -> new LogLine(l.time().truncatedTo(ChronoUnit.SECONDS), l.text()))
                .sorted(Comparator.comparing(LogLine::time)).toList();
        List<LogLine> current = lines.stream().filter(l -> KubeTime.within(l.time(), now, window) && isRotation(l.text())).toList();
        Instant started = current.getFirst().time();
        StringBuilder out = new StringBuilder("rotation started " + started + " (" + KubeTime.ago(started, now) + " ago)");
        Instant done = current.stream().filter(l -> DONE.matcher(l.text()).find()).map(LogLine::time).reduce((a, b) -> b).orElse(null);
        if (done != null) {
            out.append(", finished after ").append(KubeTime.ago(started, done));
        } else {
            out.append(Duration.between(started, now).compareTo(USUAL_LENGTH) > 0
                    ? ", not finished after " + KubeTime.ago(started, now) + " (usually under 5 minutes)"
                    : ", in progress (usually under 5 minutes)");
        }
        Instant next = null;
        String how = "";
        for (LogLine l : lines) {
            Matcher m = ANNOUNCED.matcher(l.text());
            if (!l.time().isBefore(started) && m.find()) {
                try {
                    next = l.time().plus(DurationText.parse(m.group(1)));
                    how = "announced: \"" + m.group().strip() + "\"";
                } catch (IllegalArgumentException ignored) {
                    // not a duration we can read: fall back to the history
                }
            }
        }
        if (next == null) {
            Instant before = started.minus(window);
            Instant previous = lines.stream().filter(l -> l.time().isBefore(before) && isRotation(l.text()))
                    .map(LogLine::time).reduce((a, b) -> b).orElse(null);
            if (previous != null) {
                next = started.plus(Duration.between(previous, started));
                how = "the previous rotation was " + KubeTime.ago(previous, started) + " before this one";
            }
        }
        if (next == null) {
            return out + "; next due between " + started.plus(Duration.ofHours(4)) + " and " + started.plus(Duration.ofHours(5))
                    + " (the runbook: every 4-5 hours)";
        }
        return out + "; next due " + next + (next.isAfter(now) ? " (in " + KubeTime.ago(now, next) + ")" : "") + ", " + how;
    }

    /**
     * "Rotated 42 keys; next rotation in 4h" is a rotation; "next rotation in 1h24m" alone is not. So future phrases
     * are cut out and the rest is searched again, rather than vetoing every line that mentions the next one.
     */
    static boolean isRotation(String text) {
        if (text == null || !ROTATION.matcher(text).find()) return false;
        return ROTATION.matcher(FUTURE.matcher(text).replaceAll(" ")).find();
    }
}
