package io.pitcrew.check;

import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;

/** A log line as evidence: pseudo-kind Log, the pod it came from, and the line with its kubelet time. */
final class LogEvidence {

    /** Long enough for a Karpenter JSON error with its "error" field; a stack trace is cut. */
    static final int MAX_LINE = 500;

    private LogEvidence() {}

    static Evidence of(String region, LogTail tail, LogLine line) {
        String text = line.text() == null ? "" : line.text().strip();
        if (text.length() > MAX_LINE) text = text.substring(0, MAX_LINE) + "...";
        return new Evidence(region, "Log", tail.namespace(), tail.pod(), line.time() + " " + text);
    }
}
