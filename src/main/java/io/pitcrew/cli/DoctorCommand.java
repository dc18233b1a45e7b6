package io.pitcrew.cli;

import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
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
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
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
                "", "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or configuration error."})
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    PlatformOptions platform;

    @Mixin
    ReportOptions report;

    @Mixin
    OutputOptions output;

    @Option(names = {"-r", "--region"}, paramLabel = "REGION", split = ",",
            description = "Only these regions (repeat or comma-separate; default: all in pitcrew.yaml)")
    List<String> regions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        output.writer(); // an --out that cannot be written is said before the sweep
        PlatformOptions.Loaded loaded = platform.loadConfig();
        PitcrewConfig config = report.withTimeout(loaded.config());
        Runbook runbook = platform.loadRunbook(config);
        Kubeconfig kubeconfig = platform.loadKubeconfig(loaded);
        List<Region> selected = select(config);
        DoctorReport result = new Doctor(config, runbook).run(kubeconfig, selected, report.progress(spec, selected));
        int exit = report.print(output, result);
        remindOpenIncidents();
        return exit;
    }

    /**
     * The open incidents of the store and what the runbook still asks of them (issue 6: reminders shown by doctor
     * too), on stderr so the report on stdout stays the report. Only a store that exists is read: doctor creates none.
     */
    private void remindOpenIncidents() {
        if (!storeOptions.exists()) return;
        PrintWriter err = spec.commandLine().getErr();
        try (Store store = storeOptions.open(Store.Access.READ, err)) {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            var pause = Reminders.rotatorPause(store.audit());
            for (Incident i : incidents.open()) {
                err.println("open incident: " + IncidentView.headline(i));
                Reminders.of(i, incidents.timeline(i.number()), pause, incidents.now()).forEach(r -> err.println("  ! " + r));
            }
        } catch (StoreException e) {
            err.println("note: open incidents not shown: " + StoreOptions.problem(e).render());
        }
        err.flush();
    }

    private List<Region> select(PitcrewConfig config) {
        if (regions == null || regions.isEmpty()) return config.regions();
        for (String r : regions) {
            if (config.region(r).isEmpty()) {
                throw new IllegalArgumentException("--region " + r + ": no such region; configured: "
                        + String.join(", ", config.regions().stream().map(Region::name).toList()));
            }
        }
        return config.regions().stream().filter(r -> regions.contains(r.name())).toList();
    }
}
