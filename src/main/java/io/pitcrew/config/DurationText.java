package io.pitcrew.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations the way people write them, in pitcrew.yaml and on the command line alike: {@code 500ms}, {@code 90s},
 * {@code 5m}, {@code 4h}, {@code 2d}, {@code 1h30m}. ISO-8601 ({@code PT5M}, {@code P1D}) is accepted too, since it is
 * what Kubernetes and Java print and so what gets pasted; nobody has to type it.
 */
public final class DurationText {

    /** The forms accepted, for messages that tell a user what to write. */
    public static final String FORMS = "90s, 5m, 4h, 1d or 1h30m";

    /** Largest unit first; each unit at most once, so "1h30m" reads one way only. */
    private static final List<String> UNITS = List.of("d", "h", "m", "s", "ms");
    // "ms" before "m" and "s": the alternation takes the first that matches
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|d|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private DurationText() {}

    /** Parses a duration; the exception's message says what is wrong with the text, for a user. */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.startsWith("-")) throw new IllegalArgumentException("'" + t + "' is negative");
        if (t.startsWith("P") || t.startsWith("p")) return iso(t);
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
                    case "d" -> Duration.ofDays(n);
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

    private static Duration iso(String t) {
        Duration d;
        try {
            d = Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + t + "' is not a duration");
        }
        if (d.isNegative()) throw new IllegalArgumentException("'" + t + "' is negative");
        return d;
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
