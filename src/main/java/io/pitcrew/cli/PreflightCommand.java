package io.pitcrew.cli;

import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Workshop;
import io.pitcrew.incident.Incidents;
import io.pitcrew.preflight.Backlog;
import io.pitcrew.preflight.Preflight;
import io.pitcrew.preflight.PreflightMarkdown;
import io.pitcrew.preflight.PreflightReport;
import io.pitcrew.preflight.PreflightTable;
import io.pitcrew.preflight.WorkshopTime;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code pitcrew preflight}: is the platform ready for this workshop? One sweep, every region, a go or a no-go. */
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = {"Go / no-go for one workshop, every region at once: capacity for N workspaces, provisioners and LiteLLM "
                + "sized for N users, the key rotator's next rotation, pull-secret and credential expiry against the window, "
                + "images in sync, DNS, /healthz and proxies, open incidents and the last workshop's undone follow-ups. Each "
                + "item is ok, risk or blocker, with the pitcrew fix that makes it ready. Reads what doctor reads, in one sweep; "
                + "changes nothing."},
        footer = {"", "Examples:",
                "  pitcrew preflight --participants 40                        starting now, for 4h",
                "  pitcrew preflight --participants 40 --start 10:00 --end 16:00",
                "  pitcrew preflight --workshop ai-agents-nov                 a window of pitcrew.yaml's workshops:",
                "  pitcrew preflight --participants 40 -o json                the verdict and every item, for scripts",
                "", "Times: 10:00 on this machine's clock (--start: today's, until it is 12 hours past; --end: the first",
                "after the start), or with an offset, 2026-11-25T10:00:00+01:00.",
                "", "Exit codes: 0 go, 1 no-go (a blocker), 2 bad input."})
final class PreflightCommand implements Callable<Integer> {

    /** Without --end or --duration: a workshop session of the runbook's key-rotation interval's length. */
    static final Duration DEFAULT_LENGTH = Duration.ofHours(4);

    @Option(names = "--participants", paramLabel = "N", description = "How many people take part (1 to 10000; with --workshop: its participants)")
    Integer participants;

    @Option(names = "--start", paramLabel = "TIME", description = "When it starts: 10:00 or 2026-11-25T10:00:00+01:00 (default: now)")
    String start;

    @Option(names = "--end", paramLabel = "TIME", description = "When it ends: 16:00 (the first after the start) or a time with its offset")
    String end;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationOption.WorkshopLength.class,
            description = "How long it runs instead of --end: 4h, 6h30m (default 4h; at most 7d)")
    Duration duration;

    @Option(names = "--workshop", paramLabel = "NAME",
            description = "A workshop of pitcrew.yaml's workshops: its window and participants (options given here win)")
    String workshop;

    @Option(names = {"-r", "--region"}, paramLabel = "REGION", split = ",",
            description = "Only these regions (default: all in pitcrew.yaml): where the participants' workspaces will run")
    List<String> regions;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationOption.RegionTimeout.class,
            description = "Per-region deadline: 30s, 2m, or seconds (default: thresholds.regionTimeout, 15s; at most 10m)")
    Duration timeout;

    @Mixin
    PlatformOptions platform;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    /** The clock and zone times are read against; tests give their own. */
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() {
        output.writer(); // an --out that cannot be written is said before the sweep
        PlatformOptions.Loaded loaded = platform.loadConfig();
        PitcrewConfig config = timeout == null ? loaded.config() : loaded.config().withThresholds(loaded.config().thresholds().withRegionTimeout(timeout));
        Workshop w = window(config, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        List<Region> selected = PlatformOptions.select(config, regions);
        Kubeconfig kubeconfig = platform.loadKubeconfig(loaded);
        Optional<Backlog> backlog = backlog(config, w);
        PreflightReport report = new Preflight(config, platform.loadRunbook(config), w)
                .run(kubeconfig, selected, ReportOptions.progress(spec, selected), backlog);
        output.print(switch (output.format()) {
            case MARKDOWN -> PreflightMarkdown.render(report);
            case JSON, YAML -> output.format().write(report);
            default -> PreflightTable.render(report);
        });
        return report.go() ? 0 : 1;
    }

    /** The workshop judged: pitcrew.yaml's, with what the command line says instead. */
    Workshop window(PitcrewConfig config, Instant now) {
        ZoneId zone = clock.getZone();
        Optional<Workshop> configured = Optional.empty();
        if (workshop != null) {
            configured = config.workshops().named(workshop.strip());
            if (configured.isEmpty() && participants == null) {
                List<String> names = config.workshops().names();
                throw new IllegalArgumentException("--workshop " + workshop.strip() + ": no such workshop in pitcrew.yaml ("
                        + (names.isEmpty() ? "it has no workshops:" : "workshops: " + String.join(", ", names))
                        + "); add it there, or give --participants N to check one that is not configured");
            }
        }
        if (participants == null && configured.isEmpty()) {
            throw new IllegalArgumentException("how many take part? give --participants N, or --workshop NAME of pitcrew.yaml's workshops");
        }
        if (participants != null && (participants < 1 || participants > 10_000)) {
            throw new IllegalArgumentException("--participants " + participants + ": give a number from 1 to 10000");
        }
        if (end != null && duration != null) throw new IllegalArgumentException("give --end or --duration, not both");
        Instant from = start != null ? WorkshopTime.start(start, now, zone) : configured.map(Workshop::start).orElse(now);
        Instant to;
        if (end != null) to = WorkshopTime.end(end, from, zone);
        else if (duration != null) to = from.plus(duration);
        else if (configured.isPresent() && start == null) to = configured.get().end();
        else to = from.plus(configured.map(Workshop::length).orElse(DEFAULT_LENGTH));
        if (!to.isAfter(from)) throw new IllegalArgumentException("--end " + to + " is not after the start " + from);
        if (Duration.between(from, to).compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("the workshop would last from " + from + " to " + to + ", more than 7d: check --start and --end");
        }
        if (!to.isAfter(now)) throw new IllegalArgumentException("the workshop ended at " + to + ": preflight is for one to come or running");
        String name = workshop != null ? workshop.strip() : "unnamed";
        return new Workshop(name, from, to, participants != null ? participants : configured.get().participants());
    }

    /** The store's open incidents and the last workshop's undone work, when there is a store; a store that fails is said. */
    private Optional<Backlog> backlog(PitcrewConfig config, Workshop w) {
        if (!storeOptions.exists()) return Optional.empty();
        PrintWriter err = spec.commandLine().getErr();
        try (Store store = storeOptions.open(Store.Access.READ, err)) {
            return Optional.of(Backlog.read(new Incidents(store, Clock.systemUTC()), config.workshops(), w));
        } catch (StoreException e) {
            err.println("note: open incidents not checked: " + StoreOptions.problem(e).render());
            err.flush();
            return Optional.empty();
        }
    }
}
