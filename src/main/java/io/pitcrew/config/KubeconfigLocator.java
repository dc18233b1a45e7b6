package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * Finds the kubeconfig files the way kubectl does (client-go's {@code ClientConfigLoadingRules},
 * k8s.io/client-go/tools/clientcmd/loader.go, and "Organizing Cluster Access Using kubeconfig Files" on
 * kubernetes.io):
 * <ol>
 *   <li>{@code --kubeconfig FILE}: only that file, no merging; a missing file is an error.</li>
 *   <li>{@code $KUBECONFIG}: a list separated by the system's path separator ({@code :}, {@code ;} on Windows);
 *   empty entries are ignored, an entry given twice is read once, entries that do not exist are skipped; the
 *   rest are merged ({@link Kubeconfig}). A file that exists but cannot be read is an error naming it.</li>
 *   <li>Otherwise {@code ~/.kube/config}, no merging.</li>
 * </ol>
 * pitcrew.yaml's {@code kubeconfig:} is an explicit file like {@code --kubeconfig}, after it.
 *
 * <p>When {@code $KUBECONFIG} is set but none of its files exists, {@code ~/.kube/config} is deliberately
 * <em>not</em> tried: kubectl does not either (it warns and has no configuration), and silently falling back could
 * point pitcrew at other clusters than the ones the user meant.
 *
 * @param env  the environment ({@code System.getenv()}, or a map in tests)
 * @param home the user's home directory
 */
public record KubeconfigLocator(Map<String, String> env, Path home) {

    private static final String SOURCE = "kubeconfig";
    private static final String MAKE_ONE = "aws eks update-kubeconfig --name <cluster> --region <region> --alias <region>";

    public static KubeconfigLocator system() {
        return new KubeconfigLocator(System.getenv(), UserHome.system().dir());
    }

    /** The kubeconfig files to read; {@code explicit} is the {@code --kubeconfig} value, if any. */
    public KubeconfigSources locate(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            Path file = explicit.get();
            Optional<String> why = unusable(file);
            if (why.isPresent()) {
                throw new InvalidInputException(new Problem(file.toString(), 0, "", why.get() + " (given with --kubeconfig)",
                        "check the path, or leave out --kubeconfig to use $KUBECONFIG or ~/.kube/config"));
            }
            return KubeconfigSources.of(file);
        }
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) return fromList(list);
        Path dflt = new UserHome(home).kubeconfig();
        Optional<String> why = unusable(dflt);
        if (why.isEmpty()) return KubeconfigSources.of(dflt);
        throw new InvalidInputException(new Problem(SOURCE, 0, "",
                "no kubeconfig found; tried --kubeconfig (not given), $KUBECONFIG (not set), " + dflt + " ("
                        + why.get() + ")",
                "pass --kubeconfig FILE, set KUBECONFIG, or create " + dflt + " with one context per region, e.g. "
                        + MAKE_ONE));
    }

    /**
     * As {@link #locate} without {@code --kubeconfig}, or empty when there is no kubeconfig at all: for a pod whose
     * regions are all reached without one ({@code inCluster}, {@code eks}). A kubeconfig that is there is still read.
     */
    public Optional<KubeconfigSources> find() {
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) return Optional.of(fromList(list));
        return Files.exists(new UserHome(home).kubeconfig()) ? Optional.of(locate(Optional.empty())) : Optional.empty();
    }

    private static KubeconfigSources fromList(String list) {
        SequencedSet<Path> entries = new LinkedHashSet<>();
        for (String entry : list.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            try {
                entries.add(Path.of(entry.strip()));
            } catch (InvalidPathException e) {
                throw new InvalidInputException(new Problem(entry, 0, "", "not a valid path (in $KUBECONFIG)",
                        "correct KUBECONFIG: files separated by " + File.pathSeparator));
            }
        }
        List<Path> files = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        for (Path file : entries) {
            if (Files.notExists(file)) {
                skipped.add(file);
                continue;
            }
            Optional<String> why = unusable(file);
            if (why.isPresent()) {
                throw new InvalidInputException(new Problem(file.toString(), 0, "", why.get() + " (in $KUBECONFIG)",
                        "name kubeconfig files in KUBECONFIG, or take this one out of it"));
            }
            files.add(file);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(new Problem(SOURCE, 0, "",
                    "no kubeconfig found; tried --kubeconfig (not given), $KUBECONFIG ("
                            + String.join(", ", skipped.stream().map(p -> p + ": not found").toList())
                            + "); ~/.kube/config is not used while KUBECONFIG is set, as with kubectl",
                    "correct or unset KUBECONFIG, or pass --kubeconfig FILE"));
        }
        return new KubeconfigSources(files, skipped);
    }

    private static Optional<String> unusable(Path file) {
        if (!Files.exists(file)) return Optional.of("not found");
        if (Files.isDirectory(file)) return Optional.of("a directory, not a file");
        if (!Files.isReadable(file)) return Optional.of("not readable");
        return Optional.empty();
    }
}
