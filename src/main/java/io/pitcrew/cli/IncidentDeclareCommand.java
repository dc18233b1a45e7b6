package io.pitcrew.cli;

import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.notify.Notice;
import io.pitcrew.runbook.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code pitcrew incident declare}: the runbook's first step, with the incident log started by itself. */
@Command(name = "declare", mixinStandardHelpOptions = true,
        description = {"Declare an incident: severity P0-P3 as the runbook defines them, regions, and the findings that "
                + "show it. Announced in Slack when configured.",
                "--from-finding TYPE/CAUSE takes title, severity and regions from a doctor finding: from --findings FILE "
                        + "(or - for stdin) holding pitcrew doctor -o json, else by running doctor now."},
        footer = {"", "Severities (the runbook's):", "  P0 Critical: complete service outage, data loss, security breach",
                "  P1 High: significant degradation affecting multiple users", "  P2 Medium: limited impact, workarounds available",
                "  P3 Low: cosmetic issues, no user impact"})
final class IncidentDeclareCommand extends IncidentSubcommand {

    @Parameters(arity = "0..*", paramLabel = "TITLE", description = "What is happening, in a few words")
    List<String> title;

    @Option(names = {"-s", "--severity"}, paramLabel = "P0..P3", description = "How bad (default: the finding's, else required)")
    String severity;

    @Option(names = "--region", paramLabel = "REGION", split = ",", description = "Affected regions (repeat or comma-separate)")
    List<String> regions;

    @Option(names = "--workshop", paramLabel = "NAME", description = "The workshop it happens in (for pitcrew retro --workshop)")
    String workshop;

    @Option(names = "--started", paramLabel = "TIME", description = "When users were first affected (ISO-8601, e.g. 2026-11-25T09:40:00Z)")
    String started;

    @Option(names = "--detected", paramLabel = "TIME", description = "When it was noticed (default: doctor's report time, else now)")
    String detected;

    @Option(names = "--commander", paramLabel = "NAME", description = "The incident commander (required for P0/P1 before leaving investigating)")
    String commander;

    @Option(names = "--from-finding", paramLabel = "TYPE/CAUSE", description = "Declare it from this doctor finding")
    String fromFinding;

    @Mixin
    FindingsOptions findings;

    @Override
    int run(Session s) {
        Optional<FindingsOptions.Report> report = Optional.ofNullable(fromFinding).map(f -> findings.read(platform));
        Optional<LinkedFinding> finding = report.map(r -> r.select(fromFinding));
        Optional<Instant> reportTime = report.flatMap(FindingsOptions.Report::observedAt);
        if (fromFinding == null && findings.file != null) {
            throw new IllegalArgumentException("--findings is read with --from-finding TYPE/CAUSE (which finding to declare)");
        }
        String t = title == null || title.isEmpty() ? finding.map(f -> f.title().isBlank() ? f.id() : f.title()).orElse("")
                : String.join(" ", title);
        Severity sev = severity != null ? severity(severity) : finding.map(f -> severity(f.severity())).orElseThrow(() ->
                new IllegalArgumentException("how bad is it? --severity P0|P1|P2|P3 (P0 outage … P3 cosmetic)"));
        Optional<Instant> seen = time("--detected", detected).or(() -> reportTime);
        Declaration d = new Declaration(t, sev, workshop, time("--started", started), seen, regions == null ? List.of() : regions,
                finding.map(List::of).orElse(List.of()), Optional.ofNullable(commander));
        Incident i = s.incidents.declare(d, s.actor());
        s.print(i, "declared");
        s.announce(i, new Notice.Declared(i.brief(), i.times().declared()));
        if (s.notices().notifier().shouldPage(i.severity()) && table()) {
            s.out.println("  " + i.severity() + " pages on-call: pitcrew incident escalate " + i.id() + " --reason TEXT");
            s.out.flush();
        }
        return 0;
    }

    static Severity severity(String text) {
        try {
            return Severity.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity " + text + ": use P0, P1, P2 or P3");
        }
    }

    static Optional<Instant> time(String option, String text) {
        if (text == null) return Optional.empty();
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " " + text + ": write a UTC time like 2026-11-25T09:40:00Z");
        }
    }
}
