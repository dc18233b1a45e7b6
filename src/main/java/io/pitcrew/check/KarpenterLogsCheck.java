package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runbook §4 "If Karpenter not scaling, check for errors" ({@code kubectl logs -l app.kubernetes.io/name=karpenter
 * | grep -i error}), narrowed to lines logged at level error: grep -i would also match INFO lines that merely
 * carry an "error" field. Only lines whose kubelet time is within {@code logWindow} count; a line without a time is
 * ignored, since an old error must not look current.
 */
public final class KarpenterLogsCheck implements Check {

    public static final String ID = "karpenter-errors";

    /** Karpenter's zap JSON encoder: {"level":"ERROR",...}. */
    private static final Pattern JSON_LEVEL = Pattern.compile("\"level\"\\s*:\\s*\"([A-Za-z]+)\"");
    /** Plain-text forms: a bare ERROR word, logfmt level=error, or a klog error header (E0612 15:04:05.123). */
    private static final Pattern PLAIN_ERROR = Pattern.compile(
            "\\bERROR\\b|(?i:\\blevel=\"?(error|fatal|panic)\\b)|^E\\d{4} \\d{2}:\\d{2}:\\d{2}");

    private static final CheckHeader HEADER = new CheckHeader("karpenter-logs", List.of(ID),
            EnumSet.of(Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally errors = LogEvidence.recent(region, LogTail.Component.KARPENTER, context.thresholds().logWindow(),
                context, KarpenterLogsCheck::isError);
        List<Signal> out = new ArrayList<>();
        errors.emit(out, ID, r, EvidenceTally.count(errors.affected(), "Karpenter error line") + " in the last "
                + KubeTime.ago(context.now().minus(context.thresholds().logWindow()), context.now()));
        return out;
    }

    /** A JSON line is judged by its level field alone, so an INFO line quoting "ERROR" in a message is not an error. */
    static boolean isError(String text) {
        if (text == null) return false;
        String t = text.strip();
        if (t.startsWith("{")) {
            Matcher m = JSON_LEVEL.matcher(t);
            if (m.find()) {
                String level = m.group(1).toUpperCase(Locale.ROOT);
                return level.equals("ERROR") || level.equals("DPANIC") || level.equals("PANIC") || level.equals("FATAL");
            }
        }
        return PLAIN_ERROR.matcher(t).find();
    }
}
