package io.pitcrew.cli;

import io.pitcrew.check.WorkshopAftermathCheck;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.ServerRef;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.doctor.WarmPath;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.runbook.Runbook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.Reminders;
import io.pitcrew.drill.Drills;
import io.pitcrew.drill.Sighting;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code pitcrew doctor}: every diagnosis step of the runbook, in every region at once. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Diagnose the platform, every region at once, and report incidents with their likely causes.",
                "Reads every region in parallel, runs every check of the runbook, and reports each incident type and "
                        + "likely cause found, with evidence and the runbook's next steps. Read-only: doctor never changes anything."},
        footer = {"", "Examples:",
                "  pitcrew doctor                                  all regions, table",
                "  pitcrew doctor --region us-west-2 -o json       one region, JSON for scripts",
                "  pitcrew doctor -o wide                          more columns, all the evidence",
                "  pitcrew doctor -o markdown --out doctor.md      for an issue, written to a file",
                "  pitcrew doctor --fail-on P1                     exit 1 only for P0/P1 findings (CI, cron)",
                "  pitcrew doctor --server http://127.0.0.1:8461   pitcrew serve's diagnosis, no sweep; a sweep if it gives none",
                "", "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or configuration error,",
                "3 --server-only and pitcrew serve gave no diagnosis."})
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    PlatformOptions platform;

    @Mixin
    ReportOptions report;

    @Mixin
    OutputOptions output;

    @Mixin
    ServerOptions server;

    @Option(names = {"-r", "--region"}, paramLabel = "REGION", split = ",",
            description = "Only these regions (repeat or comma-separate; default: all in pitcrew.yaml)")
    List<String> regions;

    @Spec
    CommandSpec spec;

    /** {@code --server-only} and pitcrew serve gave no diagnosis. */
    static final int NOT_SERVED = 3;

    @Override
    public Integer call() {
        output.writer(); // an --out that cannot be written is said before the sweep
        PlatformOptions.Loaded loaded = platform.loadConfig();
        List<Region> selected = PlatformOptions.select(loaded.config(), regions);
        Optional<ServerRef> asked = server.chosen(loaded.config());
        if (asked.isPresent()) {
            Optional<Integer> served = warm(asked.get(), loaded, selected);
            if (served.isPresent()) return served.get();
        }
        PitcrewConfig config = report.withTimeout(loaded.config());
        Runbook runbook = platform.loadRunbook(config);
        Kubeconfig kubeconfig = platform.loadKubeconfig(loaded);
        Phases.end("config");
        DoctorReport result = new Doctor(config, runbook).run(kubeconfig, selected, report.progress(spec, selected));
        Phases.end("sweep");
        int exit = report.print(output, result);
        Phases.end("print");
        remind(config, result);
        noteDrillSightings(result);
        return exit;
    }

    /**
     * The warm path: {@code serve}'s diagnosis, printed as a sweep's would be, with one line on stderr saying where it
     * came from and how old it is; the exit code. Empty when it gave none (said in one line): the caller sweeps. Nothing
     * here reads the kubeconfig or starts a Kubernetes client.
     */
    private Optional<Integer> warm(ServerRef serve, PlatformOptions.Loaded loaded, List<Region> selected) {
        String at = "pitcrew serve at " + serve.url();
        Optional<String> sweepOnly = platform.sweepOnly();
        if (sweepOnly.isPresent()) {
            if (server.only) {
                throw new IllegalArgumentException("--server-only and " + sweepOnly.get() + ": " + sweepOnly.get()
                        + " changes what is diagnosed, which only a sweep does; drop one of them");
            }
            return unserved(new WarmPath.Unserved("was not asked: " + sweepOnly.get() + " changes what is diagnosed, which only a sweep does", ""), at);
        }
        Optional<String> token = server.token(serve, loaded.document());
        if (token.isEmpty()) {
            return unserved(new WarmPath.Unserved("was not asked: no token (" + server.places(serve) + ")",
                    "give --token-file FILE (pitcrew serve token --role viewer makes a token)"), at);
        }
        switch (new WarmPath().ask(serve.url(), token.get(), serve.staleAfter())) {
            case WarmPath.Unserved u -> {
                return unserved(u, at);
            }
            case WarmPath.Served s -> {
                DoctorReport served = s.report();
                // --region as a sweep reads it; without it, every region serve watches (its pitcrew.yaml's)
                if (regions != null && !regions.isEmpty()) {
                    List<String> names = selected.stream().map(Region::name).toList();
                    List<String> unwatched = names.stream().filter(n -> s.report().regions().stream().noneMatch(r -> r.name().equals(n))).toList();
                    if (!unwatched.isEmpty()) {
                        return unserved(new WarmPath.Unserved("does not watch " + String.join(", ", unwatched),
                                "ask for the regions it watches, or give the --server that watches these"), at);
                    }
                    served = served.only(names);
                }
                PrintWriter err = spec.commandLine().getErr();
                err.println("from " + at + ", evaluated " + WarmPath.ago(s.age()) + " ago");
                err.flush();
                int exit = report.print(output, served);
                remind(loaded.config(), served);
                noteDrillSightings(served);
                return Optional.of(exit);
            }
        }
    }

    /** serve gave no diagnosis: said in one line; exit 3 with --server-only, else empty (a sweep follows). */
    private Optional<Integer> unserved(WarmPath.Unserved u, String at) {
        String why = u.why();
        PrintWriter err = spec.commandLine().getErr();
        if (server.only) {
            err.println("error: " + at + " " + why);
            err.println("    fix: " + (u.fix().isEmpty() ? "" : u.fix() + "; or ") + "drop --server-only to sweep directly");
            err.flush();
            return Optional.of(NOT_SERVED);
        }
        err.println(at + " " + why + "; sweeping directly");
        err.flush();
        return Optional.empty();
    }

    /**
     * The open incidents of the store and what the runbook still asks of them (issue 6: reminders shown by doctor
     * too), and after a workshop the {@code pitcrew fix revert} of what was raised for it and is still raised, on
     * stderr so the report on stdout stays the report. Only a store that exists is read: doctor creates none.
     */
    private void remind(PitcrewConfig config, DoctorReport result) {
        if (!storeOptions.exists()) return;
        PrintWriter err = spec.commandLine().getErr();
        try (Store store = storeOptions.open(Store.Access.READ, err)) {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            var pause = Reminders.rotatorPause(store.audit());
            for (Incident i : incidents.open()) {
                err.println("open incident: " + IncidentView.headline(i));
                Reminders.of(i, incidents.timeline(i.number()), pause, incidents.now()).forEach(r -> err.println("  ! " + r));
            }
            Instant now = incidents.now();
            Duration lead = config.thresholds().workshopLead();
            if (config.workshops().current(now, lead).isEmpty()) {
                config.workshops().lastEnded(now).filter(w -> now.isBefore(w.end().plus(WorkshopAftermathCheck.AFTERMATH)))
                        .ifPresent(w -> Reminders.afterWorkshop(store.audit(), w, lead, Reminders.stillRaised(result))
                                .forEach(r -> err.println("  ! " + r)));
            }
        } catch (StoreException e) {
            err.println("note: open incidents not shown: " + StoreOptions.problem(e).render());
        }
        err.flush();
    }

    /**
     * While a drill runs in the store, what doctor found is a sighting the drill's time to detect is measured with
     * (docs/drills.md). Only then does doctor write to the store; it never creates one, and a store it cannot write is
     * one line on stderr, never a changed exit code.
     */
    private void noteDrillSightings(DoctorReport result) {
        if (result.findings().isEmpty() || !storeOptions.exists()) return;
        PrintWriter err = spec.commandLine().getErr();
        try {
            try (Store store = storeOptions.open(Store.Access.READ, err)) {
                if (new Drills(store).running().isEmpty()) return;
            }
            try (Store store = storeOptions.open(Store.Access.WRITE, err)) {
                new Drills(store).sight(Sighting.of(result.observedAt(), Sighting.DOCTOR, result.findings()));
            }
        } catch (StoreException e) {
            err.println("note: a drill's sighting not recorded: " + StoreOptions.problem(e).render());
        }
        err.flush();
    }
}
