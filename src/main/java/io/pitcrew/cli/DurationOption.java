package io.pitcrew.cli;

import io.pitcrew.act.Actions;
import io.pitcrew.config.DurationText;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Every duration option of the command line, read by {@link DurationText} (the parser pitcrew.yaml's durations go
 * through too: 90s, 5m, 4h, 1d, 1h30m, PT5M) and held within what the option means: a key-rotation pause of zero or of
 * eleven thousand years is a typo, refused before anything runs. picocli names the option in front of the message
 * ("Invalid value for option '--for': ..."); the message names the value and what would be accepted.
 *
 * <p>picocli makes a converter per class with no arguments, so each kind of option is a subclass with its bounds.
 * Every bound starts above zero but one: {@code drill start --after 0s} means at once.
 */
abstract class DurationOption implements ITypeConverter<Duration> {

    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");

    private final String meaning;
    private final Duration least;
    private final String leastText;
    private final Duration most;
    private final String mostText;
    private final boolean bareSeconds;
    private boolean zeroAllowed;

    /**
     * @param meaning     what the duration is, for messages ("a key-rotation pause")
     * @param most        the longest accepted, written as a user would write it ("90d")
     * @param bareSeconds a number alone is seconds: {@code --timeout 10} and {@code --wait 120} were documented in
     *                    seconds before they took units, and scripts still say so
     */
    DurationOption(String meaning, String most, boolean bareSeconds) {
        this(meaning, null, most, bareSeconds);
    }

    /** @param least the shortest accepted, where shorter would have serve ask or write without pause (null: any above 0) */
    DurationOption(String meaning, String least, String most, boolean bareSeconds) {
        this.meaning = meaning;
        this.least = least == null ? null : DurationText.parse(least);
        this.leastText = least;
        this.most = DurationText.parse(most);
        this.mostText = most;
        this.bareSeconds = bareSeconds;
    }

    /** 0 means something here: at once. */
    final void zeroAllowed() {
        this.zeroAllowed = true;
    }

    @Override
    public Duration convert(String text) {
        Duration d = parse(text.strip());
        if (d.isZero() && zeroAllowed) return d;
        if (d.isZero()) throw refused("'" + text.strip() + "' is zero: " + bounds());
        if (least != null && d.compareTo(least) < 0) throw refused("'" + text.strip() + "' is too short: " + bounds());
        if (d.compareTo(most) > 0) throw refused("'" + text.strip() + "' is too long: " + bounds());
        return d;
    }

    private Duration parse(String text) {
        if (bareSeconds && SECONDS.matcher(text).matches()) {
            try {
                return Duration.ofMillis(new BigDecimal(text).movePointRight(3).longValueExact());
            } catch (ArithmeticException tooLarge) {
                throw refused("'" + text + "' is too long: " + bounds());
            }
        }
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage() + ": write a duration like " + DurationText.FORMS
                    + (bareSeconds ? ", or a number of seconds" : "") + " (" + bounds() + ")");
        }
    }

    private String bounds() {
        String from = zeroAllowed ? " is 0 or more" : least == null ? " is more than 0" : " is at least " + leastText;
        return meaning + from + " and at most " + mostText;
    }

    private static TypeConversionException refused(String message) {
        return new TypeConversionException(message);
    }

    /** {@code fix pause-key-rotation --for}: until the rotator is due back; a workshop day at most. */
    static final class Pause extends DurationOption {
        Pause() { super("a key-rotation pause", DurationText.format(Actions.LONGEST_KEY_ROTATION_PAUSE), false); }
    }

    /** {@code preflight --duration}: how long the workshop runs; a week at most, as in pitcrew.yaml's workshops. */
    static final class WorkshopLength extends DurationOption {
        WorkshopLength() { super("a workshop", "7d", false); }
    }

    /** {@code drill start --after}: when the lab injects the drill's fault; 0 is at once, a day at most. */
    static final class Delay extends DurationOption {
        Delay() {
            super("the delay", "1d", false);
            zeroAllowed();
        }
    }

    /** {@code retro --since}: how far back incidents are gathered; a quarter of a year of workshops. */
    static final class Lookback extends DurationOption {
        Lookback() { super("the look-back", "90d", false); }
    }

    /** {@code doctor --timeout}: each region's deadline; a region that takes minutes to list is unreachable. */
    static final class RegionTimeout extends DurationOption {
        RegionTimeout() { super("a region's deadline", "10m", true); }
    }

    /** {@code fix --wait}: how long an applied fix may take to show; a rollout of an hour is a failed one. */
    static final class Wait extends DurationOption {
        Wait() { super("the wait", "1h", true); }
    }

    /** {@code serve --debounce}: changes gathered into one evaluation; longer is a dashboard that lags. */
    static final class Debounce extends DurationOption {
        Debounce() { super("the debounce", "1m", false); }
    }

    /**
     * {@code serve --liveness}, {@code --poll}, {@code --probe-interval}: how often serve asks again; more than ten
     * times a second would be serve hammering the API servers, coderd and LiteLLM.
     */
    static final class Interval extends DurationOption {
        Interval() { super("an interval", "100ms", "1h", false); }
    }

    /** {@code serve --heartbeat}: how often a quiet event stream is written to; every open stream is, each time. */
    static final class Heartbeat extends DurationOption {
        Heartbeat() { super("the heartbeat", "1s", "1h", false); }
    }

    /** {@code serve --resolve-grace}, {@code --new-for}, {@code --keep-resolved}: how long a finding stays in a state. */
    static final class Hold extends DurationOption {
        Hold() { super("a finding's time in a state", "7d", false); }
    }
}
