package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads pitcrew.yaml into a {@link PitcrewConfig}: one small reader per section ({@link RegionsConfig},
 * {@link NamesConfig}, {@link ThresholdsConfig}, {@link ProbesConfig}, {@link LogPatternsConfig}, {@link BoundsConfig},
 * {@link ServeConfig}, {@link ServerConfig}, {@link NotificationsConfig}, {@link WorkshopsConfig},
 * {@link WorkspaceConfig}), put together here. The whole file is checked
 * before anything is thrown, so a user fixes every mistake in one round instead of one per run; each problem names
 * its line, its path and a fix. See docs/configuration.md for the format.
 */
public final class ConfigLoader {

    private static final List<String> TOP_KEYS = List.of("regions", "names", "thresholds", "runbookDir", "kubeconfig", "dns", "mirror", "health", "coder", "litellm", "logPatterns", "bounds", "notifications", "contacts", "serve", "server", "workshops", "workspace");

    private ConfigLoader() {}

    /** Loads a config file; {@code runbookDir} is resolved relative to the file's directory. */
    public static PitcrewConfig load(Path file) {
        return load(YamlDocument.read(file), file.toAbsolutePath().getParent());
    }

    /** Parses config text; {@code source} names it in problems, {@code runbookDir} is resolved against the working directory. */
    public static PitcrewConfig parse(String source, String yaml) {
        return load(YamlDocument.parse(source, yaml), Path.of("").toAbsolutePath());
    }

    /** Validates an already parsed document, for callers that also want its lines (e.g. `config check`). */
    public static PitcrewConfig load(YamlDocument doc, Path baseDir) {
        JsonNode root = doc.root();
        if (root.isMissingNode() || root.isNull()) {
            throw new InvalidInputException(new Problem(doc.source(), 0, "", "the file is empty",
                    "list the platform's regions, at least:\n    " + RegionsConfig.EXAMPLE));
        }
        if (!root.isObject()) {
            throw new InvalidInputException(doc.problem(JsonPointer.empty(),
                    "expected a mapping with regions, names, thresholds and runbookDir, got " + ConfigSection.describe(root),
                    "start the file with the regions key:\n    " + RegionsConfig.EXAMPLE));
        }
        List<Problem> problems = new ArrayList<>();
        // each reader in the order of the walk, which the stable sort below keeps for problems on one line
        ConfigSection top = ConfigSection.root(doc, baseDir, problems::add, TOP_KEYS);
        List<Region> regions = RegionsConfig.read(top);
        Names names = NamesConfig.read(top.section("names", NamesConfig.KEYS));
        Thresholds thresholds = ThresholdsConfig.read(top.section("thresholds", ThresholdsConfig.KEYS));
        Optional<Path> runbookDir = runbookDir(top);
        Optional<Path> kubeconfig = kubeconfig(top);
        Probes probes = ProbesConfig.read(top, regions);
        LogPatterns logPatterns = LogPatternsConfig.read(top.section("logPatterns", LogPatternsConfig.KEYS));
        Bounds bounds = BoundsConfig.read(top.section("bounds", BoundsConfig.KEYS));
        Serving serve = ServeConfig.read(top.section("serve", ServeConfig.KEYS));
        Optional<ServerRef> server = ServerConfig.read(top);
        NotificationsConfig notify = new NotificationsConfig(doc, baseDir, problems::add);
        Workshops workshops = WorkshopsConfig.read(top);
        Optional<WorkspaceRequests> workspace = WorkspaceConfig.read(top);
        if (!problems.isEmpty()) {
            // Walk order is almost line order; sorting makes the list read top to bottom like the file.
            problems.sort(Comparator.comparingInt(Problem::line));
            throw new InvalidInputException(problems);
        }
        return new PitcrewConfig(List.copyOf(regions), names, thresholds, runbookDir, probes, logPatterns, bounds,
                notify.notifications(), notify.contacts(), kubeconfig, serve, server,
                workshops, workspace);
    }

    // ---- runbookDir ----

    private static Optional<Path> runbookDir(ConfigSection top) {
        String text = top.text("runbookDir", "", "a directory of extra incident types (YAML)");
        if (text == null || text.isEmpty()) return Optional.empty();
        Path dir;
        try {
            dir = top.baseDir().resolve(text).normalize();
        } catch (InvalidPathException e) {
            top.problem(top.at("runbookDir"), "'" + text + "' is not a valid path: " + e.getReason(),
                    "give a directory path, relative to the config file, like ./runbook.d");
            return Optional.empty();
        }
        if (!Files.exists(dir)) {
            top.problem(top.at("runbookDir"), "'" + text + "' does not exist (resolved to " + dir + ")",
                    "create the directory, or correct the path; it is relative to the config file's directory");
        } else if (!Files.isDirectory(dir)) {
            top.problem(top.at("runbookDir"), "'" + text + "' is not a directory (resolved to " + dir + ")",
                    "point runbookDir at a directory holding incident type YAML files");
        }
        return Optional.of(dir);
    }

    // ---- kubeconfig ----

    /** The kubeconfig this file is written for (the lab names its own), relative to the config file; it must exist. */
    private static Optional<Path> kubeconfig(ConfigSection top) {
        String text = top.text("kubeconfig", "", "the kubeconfig with one context per region");
        if (text == null || text.isEmpty()) return Optional.empty();
        Path file;
        try {
            file = top.baseDir().resolve(text).normalize();
        } catch (InvalidPathException e) {
            top.problem(top.at("kubeconfig"), "'" + text + "' is not a valid path: " + e.getReason(),
                    "give a file path, relative to the config file, like ./kubeconfig");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            top.problem(top.at("kubeconfig"), "'" + text + "' is not a file (resolved to " + file + ")",
                    "correct the path (it is relative to the config file's directory), or remove the key and pass --kubeconfig");
        }
        return Optional.of(file);
    }
}
