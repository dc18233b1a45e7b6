package io.pitcrew.cli;

import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.doctor.MarkdownReport;
import io.pitcrew.doctor.TableReport;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.runbook.Severity;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** How a diagnosis is reported: failure threshold, per-region timeout, and the live progress line. */
final class ReportOptions {

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when a finding is at least this severe: P0, P1, P2 or P3 (default: P3, any finding)")
    Severity failOn;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationOption.RegionTimeout.class,
            description = "Per-region deadline: 30s, 2m, or seconds (default: thresholds.regionTimeout, 15s; at most 10m)")
    Duration timeout;

    Severity failOnOr(Severity fallback) { return failOn == null ? fallback : failOn; }

    PitcrewConfig withTimeout(PitcrewConfig config) {
        if (timeout == null) return config;
        Thresholds changed = config.thresholds().withRegionTimeout(timeout);
        return config.withThresholds(changed);
    }

    /** Prints the report in the format {@code -o} names (to {@code --out} if given); returns the exit code. */
    int print(OutputOptions output, DoctorReport report) {
        return print(output, report, Severity.P3);
    }

    int print(OutputOptions output, DoctorReport report, Severity defaultFailOn) {
        output.print(switch (output.format()) {
            case TABLE -> TableReport.render(report);
            case WIDE -> TableReport.wide(report);
            case MARKDOWN -> MarkdownReport.render(report);
            case JSON, YAML -> output.format().write(report);
        });
        Severity threshold = failOnOr(defaultFailOn);
        return threshold != null && report.failsAt(threshold) ? 1 : 0;
    }

    /**
     * A live line on a terminal ("us-east-2 ok 0.31s · us-west-2 … · eu-west-2 …"); nothing when stderr is not
     * a terminal. The launcher says whether it is (Java 21 cannot tell a redirected console apart).
     */
    static Consumer<RegionObservation> progress(CommandSpec spec, List<Region> regions) {
        if (!"true".equals(System.getenv("PITCREW_TTY"))) return o -> {};
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> state = new LinkedHashMap<>();
        regions.forEach(r -> state.put(r.name(), "…"));
        draw(err, state);
        return o -> {
            synchronized (state) {
                state.put(o.region().name(), o instanceof RegionSnapshot s
                        ? String.format("ok %.2fs", s.took().toMillis() / 1000.0) : "unreachable");
                if (state.values().stream().noneMatch("…"::equals)) {
                    err.print("\r\033[K");
                    err.flush();
                } else {
                    draw(err, state);
                }
            }
        };
    }

    private static void draw(PrintWriter err, Map<String, String> state) {
        StringBuilder b = new StringBuilder("\r\033[Kreading ");
        state.forEach((r, s) -> b.append(r).append(' ').append(s).append(" · "));
        err.print(b.substring(0, b.length() - 3));
        err.flush();
    }
}
