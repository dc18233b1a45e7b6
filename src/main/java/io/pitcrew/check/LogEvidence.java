package io.pitcrew.check;

import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.util.function.Predicate;

/** A log line as evidence: pseudo-kind Log, the pod it came from, and the line with its kubelet time. */
final class LogEvidence {

    /** Long enough for a Karpenter JSON error with its "error" field; a stack trace is cut. */
    static final int MAX_LINE = 500;

    private LogEvidence() {}

    /**
     * The lines of a component's logs written within {@code window} that {@code matches}, as evidence. Lines without
     * a kubelet time never count: recency is the point of every log rule.
     */
    static EvidenceTally recent(RegionSnapshot region, LogTail.Component component,
                                Duration window, CheckContext context, Predicate<String> matches) {
        EvidenceTally tally = new EvidenceTally();
        for (LogTail tail : region.logs(component)) {
            for (LogLine line : tail.lines()) {
                if (KubeTime.within(line.time(), context.now(), window) && line.text() != null && matches.test(line.text())) {
                    tally.add(of(region.region().name(), tail, line));
                }
            }
        }
        return tally;
    }

    static Evidence of(String region, LogTail tail, LogLine line) {
        String text = line.text() == null ? "" : line.text().strip();
        if (text.length() > MAX_LINE) text = text.substring(0, MAX_LINE) + "...";
        return new Evidence(region, "Log", tail.namespace(), tail.pod(), line.time() == null ? text : line.time() + " " + text);
    }
}
