package io.pitcrew.cli;

import io.pitcrew.config.Workshop;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.Retrospective;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.store.Store;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** {@code pitcrew retro}: the post-workshop retrospective, written from the incident store. */
@Command(name = "retro", mixinStandardHelpOptions = true,
        description = {"Write the post-workshop retrospective in Markdown: incidents, timelines, MTTD / MTTA / MTTR, root "
                + "causes, actions taken, follow-ups, and proposed runbook updates (a cause the runbook does not know becomes "
                + "a proposed new incident type)."},
        footer = {"", "Examples:", "  pitcrew retro --workshop 2026-11 --out retro.md", "  pitcrew retro --since 8h",
                "  pitcrew retro --since 2026-11-25T08:00:00Z",
                "", "-o FILE, the old spelling of --out FILE, still works in this release, with a warning.",
                "", "Exit codes: 0 written; 2 bad input; 4 the store cannot be read."})
final class RetroCommand implements Callable<Integer> {

    static final class Scope {
        @Option(names = "--since", paramLabel = "TIME|DURATION", required = true,
                description = "Incidents declared since this UTC time (2026-11-25T08:00:00Z) or this long ago (8h, 2d; at most 90d)")
        String since;

        @Option(names = "--workshop", paramLabel = "NAME", required = true,
                description = "Incidents declared with --workshop NAME, and those declared without one during its window in pitcrew.yaml's workshops:")
        String workshop;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    @Mixin
    PlatformOptions platform;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        output.writer(); // an --out that cannot be written is said before the store is read
        Instant now = Instant.now();
        var config = platform.loadConfig().config();
        String title;
        Predicate<Incident> chosen;
        if (scope.workshop != null) {
            String w = scope.workshop.strip();
            // pitcrew.yaml's window of that name: incidents declared during it without a workshop of their own belong to it
            Optional<Workshop> window = config.workshops().named(w);
            title = "workshop " + w + window.map(x -> " (" + x.start() + " to " + x.end() + ")").orElse("");
            chosen = i -> i.workshop().equals(w) || i.workshop().isEmpty() && window.map(x -> x.runs(i.times().declared())).orElse(false);
        } else {
            Instant since = since(scope.since, now);
            title = "incidents declared since " + since;
            chosen = i -> !i.times().declared().isBefore(since);
        }
        String markdown;
        try (Store store = storeOptions.open(Store.Access.READ, spec.commandLine().getErr())) {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            List<Incident> selected = incidents.all().stream().filter(chosen).toList();
            Map<Long, List<TimelineEntry>> timelines = new LinkedHashMap<>();
            selected.forEach(i -> timelines.put(i.number(), incidents.timeline(i.number())));
            markdown = Retrospective.markdown(title, selected, timelines, platform.loadRunbook(config), now);
        }
        output.print(markdown);
        return 0;
    }

    static Instant since(String text, Instant now) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notATime) {
            try {
                return now.minus(new DurationOption.Lookback().convert(text));
            } catch (TypeConversionException notADuration) {
                throw new IllegalArgumentException("--since " + text.strip() + ": " + notADuration.getMessage()
                        + "; or a UTC time (2026-11-25T08:00:00Z)");
            }
        }
    }
}
