package io.pitcrew.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --yes} and {@code --wait}: of the fix commands that change the platform (an action, a revert). */
final class ApplyOptions {

    /** How long an applied plan may take to show when nobody says (the API's apply waits as long). */
    static final Duration WAIT = Duration.ofSeconds(120);

    @Option(names = "--yes", description = "Apply the plan (without it nothing is changed)")
    boolean yes;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "120s", converter = DurationOption.Wait.class,
            description = "How long to wait for an applied plan to take effect: 90s, 5m, or seconds (default 120s, at most 1h)")
    Duration wait;
}
