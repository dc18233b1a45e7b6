package io.pitcrew.cli;

import io.pitcrew.config.ConfigChange;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.KubeconfigLocator;
import io.pitcrew.config.KubeconfigSources;
import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.observe.RegionAccess;
import io.pitcrew.text.Columns;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code pitcrew config}: everything about pitcrew.yaml. Today that is {@code check}. */
@Command(name = "config", mixinStandardHelpOptions = true, subcommands = ConfigCommand.Check.class,
        description = {
                "Check pitcrew.yaml: regions, names, thresholds, probes, bounds, notifications and contacts.",
                "pitcrew.yaml tells pitcrew which kube context is which region of the runbook's platform, what things "
                        + "are called in the clusters, and the thresholds that turn cluster state into findings.",
                "See docs/configuration.md for every field and its default."})
public class ConfigCommand implements Runnable {

    /** Exit code for a configuration or usage problem, as for every pitcrew command. */
    static final int INVALID = 2;

    @Spec
    CommandSpec spec;

    private final KubeconfigLocator locator;

    public ConfigCommand() {
        this(KubeconfigLocator.system());
    }

    /** Tests pass a locator with their own environment and home, so the machine's ~/.kube/config stays out. */
    public ConfigCommand(KubeconfigLocator locator) {
        this.locator = locator;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: try 'config check'");
    }

    @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                    "Check pitcrew.yaml without touching any cluster: every mistake is listed with its line and a "
                            + "fix, and a valid file is summarised (regions, and which names and thresholds differ "
                            + "from the runbook's defaults).",
                    "If a kubeconfig is given or found, also checks that it has each region's context.",
                    "Exit status: 0 valid, 2 problems found."})
    static class Check implements Callable<Integer> {

        @ParentCommand
        ConfigCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", defaultValue = "pitcrew.yaml",
                description = "The pitcrew config to check (default: ${DEFAULT-VALUE}). runbookDir in it is "
                        + "relative to this file.")
        Path config;

        @Option(names = "--kubeconfig", paramLabel = "FILE",
                description = "The kubeconfig whose contexts the regions name. Without it: the files of $KUBECONFIG, "
                        + "merged as kubectl merges them, else ~/.kube/config; if none is found, contexts are not checked.")
        Path kubeconfig;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                YamlDocument doc = YamlDocument.read(config);
                PitcrewConfig cfg = ConfigLoader.load(doc, config.toAbsolutePath().getParent());
                String kubeconfigLine = checkContexts(cfg, doc);
                printSummary(out, cfg, kubeconfigLine);
                return 0;
            } catch (InvalidInputException e) {
                printProblems(err, e.problems());
                return INVALID;
            }
        }

        /** What to say about the kubeconfig; throws if it is unusable or lacks a region's context. */
        private String checkContexts(PitcrewConfig cfg, YamlDocument doc) {
            String made = cfg.regions().stream().filter(r -> !(r.reach() instanceof Region.Reach.ByKubeconfig))
                    .map(r -> r.name() + " " + switch (r.reach()) {
                        case Region.Reach.Eks e -> "(EKS cluster " + e.cluster() + " in " + e.awsRegion() + ")";
                        case Region.Reach.InCluster c -> "(this pod's cluster)";
                        case Region.Reach.ByKubeconfig k -> "";
                    }).collect(Collectors.joining(", "));
            if (kubeconfig == null && cfg.kubeconfig().isEmpty() && !RegionAccess.needsKubeconfig(cfg.regions())) {
                return "not needed: every region is reached without one: " + made;
            }
            return checkKubeconfig(cfg, doc) + (made.isEmpty() ? "" : "; reached without it: " + made);
        }

        private String checkKubeconfig(PitcrewConfig cfg, YamlDocument doc) {
            KubeconfigSources sources;
            try {
                // as doctor finds it: --kubeconfig, else the config's kubeconfig:, else $KUBECONFIG or ~/.kube/config
                sources = parent.locator.locate(Optional.ofNullable(kubeconfig).or(cfg::kubeconfig));
            } catch (InvalidInputException e) {
                // Asked for explicitly, a missing kubeconfig is an error; otherwise this is a config check
                // that can run on a laptop without cluster access.
                if (kubeconfig != null || cfg.kubeconfig().isPresent()) throw e;
                return "not checked: " + e.problems().getFirst().message();
            }
            Kubeconfig kc = RegionAccess.reaching(Kubeconfig.read(sources), cfg.regions(), cfg.thresholds().regionTimeout());
            List<Problem> missing = kc.missingContexts(cfg, doc);
            if (!missing.isEmpty()) throw new InvalidInputException(missing);
            String which = kc.files().size() == 1 ? kc.files().getFirst().toString() : "the merged kubeconfig (" + kc.where() + ")";
            return which + " has the context of every region";
        }

        private void printSummary(PrintWriter out, PitcrewConfig cfg, String kubeconfigLine) {
            out.println(config + " is valid.");
            out.println("regions:");
            Columns regions = Columns.plain();
            for (Region r : cfg.regions()) regions.row(r.name(), r.role().id(), switch (r.reach()) {
                case Region.Reach.ByKubeconfig k -> "context " + r.context();
                case Region.Reach.Eks e -> "eks " + e.cluster() + " (" + e.awsRegion() + ")";
                case Region.Reach.InCluster c -> "in cluster";
            }, "domain " + r.domain());
            out.print(regions.render("  "));
            out.println("names: " + changes(ConfigChange.between(cfg.names(), Names.defaults())));
            out.println("thresholds: " + changes(ConfigChange.between(cfg.thresholds(), Thresholds.defaults())));
            cfg.runbookDir().ifPresent(d -> out.println("runbookDir: " + d));
            out.println("kubeconfig: " + kubeconfigLine);
            out.flush();
        }

        private static String changes(List<ConfigChange> changes) {
            return changes.isEmpty() ? "defaults"
                    : changes.stream().map(ConfigChange::toString).collect(Collectors.joining(", "));
        }

        private static void printProblems(PrintWriter err, List<Problem> problems) {
            problems.forEach(p -> err.println(p.render()));
            err.println(problems.size() == 1 ? "1 problem." : problems.size() + " problems.");
            err.flush();
        }
    }
}
