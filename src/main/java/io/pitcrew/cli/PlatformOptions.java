package io.pitcrew.cli;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.KubeconfigLocator;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where pitcrew finds the platform: pitcrew.yaml, the kubeconfig, and extra runbook types. Shared by commands. */
final class PlatformOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "pitcrew.yaml with regions, names and thresholds (default: ./pitcrew.yaml if present, "
                    + "else the runbook's three regions with default names)")
    Path config;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig with one context per region (default: the kubeconfig named in pitcrew.yaml, "
                    + "then $KUBECONFIG, then ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--runbook-dir", paramLabel = "DIR",
            description = "Directory of extra incident type YAML files (overrides runbookDir in pitcrew.yaml)")
    Path runbookDir;

    /** pitcrew.yaml as read, with its document when it came from a file (for problems with lines). */
    record Loaded(PitcrewConfig config, Optional<YamlDocument> document) {}

    /** The config: the given file, ./pitcrew.yaml, or the runbook's defaults. */
    Loaded loadConfig() {
        Path file = config != null ? config : Files.exists(Path.of("pitcrew.yaml")) ? Path.of("pitcrew.yaml") : null;
        if (file == null) return new Loaded(PitcrewConfig.runbookDefaults(), Optional.empty());
        YamlDocument doc = YamlDocument.read(file);
        return new Loaded(ConfigLoader.load(doc, file.toAbsolutePath().getParent()), Optional.of(doc));
    }

    /** The kubeconfig, with every region's context checked, so a typo is exit 2 before anything connects. */
    Kubeconfig loadKubeconfig(Loaded loaded) {
        Kubeconfig kc = Kubeconfig.read(KubeconfigLocator.system().locate(Optional.ofNullable(kubeconfig).or(() -> loaded.config().kubeconfig())));
        if (loaded.document().isPresent()) {
            List<Problem> missing = kc.missingContexts(loaded.config(), loaded.document().get());
            if (!missing.isEmpty()) throw new InvalidInputException(missing);
        } else {
            kc.requireContexts(loaded.config().regions());
        }
        return kc;
    }

    Runbook loadRunbook(PitcrewConfig cfg) {
        return Doctor.loadRunbook(Optional.ofNullable(runbookDir).or(cfg::runbookDir));
    }
}
