package io.pitcrew.cli;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.KubeconfigLocator;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.observe.Kubeconfig;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.doctor.Doctor;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where pitcrew finds the platform: pitcrew.yaml, the kubeconfig, and extra runbook types. Shared by commands. */
final class PlatformOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "pitcrew.yaml with regions, names and thresholds (default: ./pitcrew.yaml if present, "
                    + "else the runbook's three regions with default names)")
    Path config;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig with one context per region (default: $KUBECONFIG, then ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--runbook-dir", paramLabel = "DIR",
            description = "Directory of extra incident type YAML files (overrides runbookDir in pitcrew.yaml)")
    Path runbookDir;

    /** The config: the given file, ./pitcrew.yaml, or the runbook's defaults. */
    PitcrewConfig loadConfig() {
        if (config != null) return ConfigLoader.load(config);
        Path local = Path.of("pitcrew.yaml");
        return Files.exists(local) ? ConfigLoader.load(local) : PitcrewConfig.runbookDefaults();
    }

    Kubeconfig loadKubeconfig() {
        return Kubeconfig.read(KubeconfigLocator.locate(kubeconfig));
    }

    Runbook loadRunbook(PitcrewConfig cfg) {
        return Doctor.loadRunbook(Optional.ofNullable(runbookDir).or(cfg::runbookDir));
    }
}
