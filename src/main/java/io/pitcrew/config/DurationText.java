package io.pitcrew.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations the way people write them in pitcrew.yaml: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h},
 * {@code 1h30m}. ISO-8601 ({@code PT5S}) is exact but nobody types it under stress, so it is not accepted.
 */
public final class DurationText {

    /** Largest unit first; each unit at most once, so "1h30m" reads one way only. */
    private static final List<String> UNITS = List.of("h", "m", "s", "ms");
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private DurationText() {}

    /** Parses a duration; the exception's message says what is wrong with the text, for a user. */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.matches("\\d+")) throw new IllegalArgumentException("'" + t + "' has no unit");
        if (!WHOLE.matcher(t).matches()) throw new IllegalArgumentException("'" + t + "' is not a duration");
        Duration total = Duration.ZERO;
        int lastUnit = -1;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            int unit = UNITS.indexOf(m.group(2));
            if (unit <= lastUnit) {
                throw new IllegalArgumentException("'" + t + "' has its units out of order or repeated");
            }
            lastUnit = unit;
            long n;
            try {
                n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMillis(n);
                });
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("'" + t + "' is too large");
            }
        }
        return total;
    }

    /** The inverse of {@link #parse}: {@code PT1H30M} as {@code 1h30m}; sub-millisecond parts are dropped. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder b = new StringBuilder();
        if (d.toHours() > 0) b.append(d.toHours()).append('h');
        if (d.toMinutesPart() > 0) b.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) b.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) b.append(d.toMillisPart()).append("ms");
        return b.isEmpty() ? "0s" : b.toString();
    }
}
