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
                "  pitcrew doctor --fail-on P1                     exit 1 only for P0/P1 findings (CI, cron)",
                "", "Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or configuration error."})
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions platform;

    @Mixin
    ReportOptions report;

    @Option(names = {"-r", "--region"}, paramLabel = "REGION", split = ",",
            description = "Only these regions (repeat or comma-separate; default: all in pitcrew.yaml)")
    List<String> regions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PlatformOptions.Loaded loaded = platform.loadConfig();
        PitcrewConfig config = report.withTimeout(loaded.config());
        Runbook runbook = platform.loadRunbook(config);
        Kubeconfig kubeconfig = platform.loadKubeconfig(loaded);
        List<Region> selected = select(config);
        DoctorReport result = new Doctor(config, runbook).run(kubeconfig, selected, report.progress(spec, selected));
        return report.print(spec, result);
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
