package io.pitcrew.cli;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.Scenario;
import io.pitcrew.lab.Scenarios;
import io.pitcrew.config.Kubeconfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code pitcrew demo}: the lab with a live fault, and doctor on it, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the built-in lab with a live fault and diagnose it, in one command.",
                "Starts three simulated regions with the fault, runs doctor on them through a kubeconfig exactly as on "
                        + "real clusters, prints the report and stops. List the faults with: pitcrew lab scenarios"},
        footer = {"", "Exit codes: 0 the demo ran (findings are its point; add --fail-on to gate on them), 2 usage error."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-s", "--scenario"}, paramLabel = "SCENARIO", defaultValue = "key-rotation",
            description = "The fault to inject (default: ${DEFAULT-VALUE}); 'healthy' for none")
    String scenario;

    @Option(names = {"-w", "--workspaces"}, paramLabel = "N", defaultValue = "24",
            description = "Workspace pods per region (default: ${DEFAULT-VALUE}, at most 10000)")
    int workspaces;

    @Mixin
    ReportOptions report;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Scenario chosen = Scenarios.byName(scenario).orElseThrow(() -> new IllegalArgumentException(
                "--scenario " + scenario + ": no such scenario; one of " + String.join(", ", Scenarios.ALL.stream().map(Scenario::name).toList())));
        if (workspaces < 1 || workspaces > 10_000) throw new IllegalArgumentException("--workspaces must be 1 to 10000, got " + workspaces);
        output.writer(); // an --out that cannot be written is said before the lab starts
        PrintWriter err = spec.commandLine().getErr();
        Path dir = Files.createTempDirectory("pitcrew-demo-");
        try (Lab lab = Lab.start(dir, chosen.name(), workspaces)) {
            err.println("lab: 3 regions, " + workspaces + " workspaces each; scenario " + chosen.name() + ": " + chosen.summary());
            PitcrewConfig config = report.withTimeout(ConfigLoader.load(lab.config()));
            DoctorReport result = new Doctor(config, Doctor.loadRunbook(config.runbookDir()))
                    .run(Kubeconfig.read(lab.kubeconfig()), config.regions(), report.progress(spec, config.regions()));
            return report.print(output, result, null);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
