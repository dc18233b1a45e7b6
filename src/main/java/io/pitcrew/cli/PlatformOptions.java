package io.pitcrew.cli;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.ContextOverrides;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.KubeconfigLocator;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.observe.RegionAccess;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where pitcrew finds the platform: pitcrew.yaml, the kubeconfig, and extra runbook types. Shared by commands. */
final class PlatformOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "pitcrew.yaml with regions, names and thresholds (default: ./pitcrew.yaml if present, "
                    + "else the runbook's three regions with default names)")
    Path config;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig with one context per region, read alone as kubectl reads it (default: the "
                    + "kubeconfig named in pitcrew.yaml, then the files of $KUBECONFIG merged as kubectl merges them, "
                    + "then ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "REGION=CONTEXT",
            description = "Use this kube context for REGION in this run instead of its regions[].context in "
                    + "pitcrew.yaml (repeat for more regions)")
    List<String> contexts = new ArrayList<>();

    @Option(names = "--runbook-dir", paramLabel = "DIR",
            description = "Directory of extra incident type YAML files (overrides runbookDir in pitcrew.yaml)")
    Path runbookDir;

    /** Where the kubeconfig files are found: the process's environment and home; tests give their own. */
    KubeconfigLocator locator = KubeconfigLocator.system();

    /**
     * pitcrew.yaml as read, with {@code --context} applied; its document when it came from a file (for problems
     * with lines), and the contexts given on the command line (for problems placed on the flag).
     */
    record Loaded(PitcrewConfig config, Optional<YamlDocument> document, ContextOverrides contexts) {}

    /** The config: the given file, ./pitcrew.yaml, or the runbook's defaults; with the regions' contexts of --context. */
    Loaded loadConfig() {
        ContextOverrides overrides = ContextOverrides.parse(contexts);
        Path file = config != null ? config : Files.exists(Path.of("pitcrew.yaml")) ? Path.of("pitcrew.yaml") : null;
        if (file == null) {
            return new Loaded(overrides.applyTo(PitcrewConfig.runbookDefaults(),
                    "the runbook's regions (no pitcrew.yaml; --config FILE names one)"), Optional.empty(), overrides);
        }
        YamlDocument doc = YamlDocument.read(file);
        PitcrewConfig loaded = ConfigLoader.load(doc, file.toAbsolutePath().getParent());
        return new Loaded(overrides.applyTo(loaded, file.toString()), Optional.of(doc), overrides);
    }

    /** The kubeconfig, with every region's context checked, so a typo is exit 2 before anything connects. */
    Kubeconfig loadKubeconfig(Loaded loaded) {
        List<Region> regions = loaded.config().regions();
        Optional<Path> named = Optional.ofNullable(kubeconfig).or(() -> loaded.config().kubeconfig());
        Kubeconfig kc;
        if (named.isEmpty() && !RegionAccess.needsKubeconfig(regions)) {
            // every region is reached without a kubeconfig (a pod: inCluster, eks); one is read only if there is one
            kc = locator.find().map(Kubeconfig::read).orElseGet(Kubeconfig::none);
        } else {
            kc = Kubeconfig.read(locator.locate(named));
        }
        kc = RegionAccess.reaching(kc, regions, loaded.config().thresholds().regionTimeout());
        List<Problem> missing = kc.missingContexts(loaded.config().regions(), loaded.document(), loaded.contexts());
        if (!missing.isEmpty()) throw new InvalidInputException(missing);
        return kc;
    }

    /**
     * The option given that changes what a diagnosis is (another cluster for a region, other incident types), so a
     * running serve's diagnosis would not answer it: only a sweep does.
     */
    Optional<String> sweepOnly() {
        if (!contexts.isEmpty()) return Optional.of("--context");
        if (runbookDir != null) return Optional.of("--runbook-dir");
        return Optional.empty();
    }

    /** The regions {@code --region} names (all of pitcrew.yaml's without it); one it does not have is bad input. */
    static List<Region> select(PitcrewConfig config, List<String> names) {
        if (names == null || names.isEmpty()) return config.regions();
        for (String r : names) {
            if (config.region(r).isEmpty()) {
                throw new IllegalArgumentException("--region " + r + ": no such region; configured: "
                        + String.join(", ", config.regions().stream().map(Region::name).toList()));
            }
        }
        return config.regions().stream().filter(r -> names.contains(r.name())).toList();
    }

    Runbook loadRunbook(PitcrewConfig cfg) {
        return Doctor.loadRunbook(Optional.ofNullable(runbookDir).or(cfg::runbookDir));
    }
}
