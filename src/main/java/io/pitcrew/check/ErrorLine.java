package io.pitcrew.check;

import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line of a failing pod's log that says what is wrong: the last one logged at an error level, or, in a log without
 * levels, the last one that reads like an error ("error: connect to postgres: ..."). A line logged at another level is
 * not taken for an error because it says "failed" ({@code I1125 ... "Failed probe"}); with no error line at all, the
 * last line is what there is.
 */
final class ErrorLine {

    /** {"level":"error"} (zap, logr), {"severity":"ERROR"}. */
    private static final Pattern JSON_LEVEL = Pattern.compile("\"(?:level|severity)\"\\s*:\\s*\"([A-Za-z]+)\"");
    /** klog's header: I1125 10:39:46.001212 (Info, Warning, Error, Fatal). */
    private static final Pattern KLOG = Pattern.compile("^([IWEF])\\d{4} \\d{2}:\\d{2}:\\d{2}");
    /** [INFO] (CoreDNS), [erro] (coder's slog), level=error (logfmt), "ERROR:    " and "LiteLLM Proxy:ERROR:" (Python). */
    private static final Pattern WORD_LEVEL = Pattern.compile(
            "\\[(info|inf|warn|warning|wrn|erro|error|err|crit|fatal|panic|debu|debug)]|\\blevel=\"?([a-z]+)|(?:^|:)(INFO|WARNING|ERROR|CRITICAL|DEBUG):",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SOUNDS_WRONG = Pattern.compile(
            "error|fatal|panic|fail|exception|refused|denied|unauthorized|forbidden|timed out|timeout|deadline exceeded|cannot|unable|no such host",
            Pattern.CASE_INSENSITIVE);

    private ErrorLine() {}

    /** The tail's line that says what is wrong, or empty for an empty tail. */
    static Optional<LogLine> of(LogTail tail) {
        List<LogLine> lines = tail.lines().stream().filter(l -> l.text() != null && !l.text().isBlank()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (isError(lines.get(i).text())) return Optional.of(lines.get(i));
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.getLast());
    }

    static boolean isError(String text) {
        String t = text.strip();
        Level level = level(t);
        return level == Level.ERROR || level == Level.NONE && SOUNDS_WRONG.matcher(t).find();
    }

    private enum Level { ERROR, OTHER, NONE }

    private static Level level(String t) {
        if (t.startsWith("{")) {
            Matcher m = JSON_LEVEL.matcher(t);
            if (m.find()) return severe(m.group(1));
        }
        Matcher klog = KLOG.matcher(t);
        if (klog.find()) return klog.group(1).equals("E") || klog.group(1).equals("F") ? Level.ERROR : Level.OTHER;
        Matcher word = WORD_LEVEL.matcher(t);
        if (word.find()) {
            for (int g = 1; g <= word.groupCount(); g++) if (word.group(g) != null) return severe(word.group(g));
        }
        return Level.NONE;
    }

    private static Level severe(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "error", "erro", "err", "crit", "critical", "fatal", "panic", "dpanic", "alert", "emergency" -> Level.ERROR;
            default -> Level.OTHER;
        };
    }
}
