package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the kubeconfig the way kubectl and Fabric8 do: {@code --kubeconfig} if given, else {@code $KUBECONFIG},
 * else {@code ~/.kube/config}. Of a {@code $KUBECONFIG} list the first existing file is used (kubectl would merge
 * them; pitcrew needs one context per region and reads them from one file).
 *
 * <p>When {@code $KUBECONFIG} is set but names no existing file, {@code ~/.kube/config} is deliberately
 * <em>not</em> tried: kubectl and Fabric8 don't either, and silently falling back could point pitcrew at other
 * clusters than the ones the user meant.
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

    /** The kubeconfig to use; {@code explicit} is the {@code --kubeconfig} value, if any. */
    public Path locate(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            Path file = explicit.get();
            Optional<String> why = unusable(file);
            if (why.isPresent()) {
                throw new InvalidInputException(new Problem(file.toString(), 0, "", why.get() + " (given with --kubeconfig)",
                        "check the path, or leave out --kubeconfig to use $KUBECONFIG or ~/.kube/config"));
            }
            return file;
        }
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            List<String> tried = new ArrayList<>();
            for (String entry : list.split(File.pathSeparator)) {
                if (entry.isBlank()) continue;
                Path file;
                try {
                    file = Path.of(entry.strip());
                } catch (InvalidPathException e) {
                    tried.add(entry + ": not a valid path");
                    continue;
                }
                Optional<String> why = unusable(file);
                if (why.isEmpty()) return file;
                tried.add(entry + ": " + why.get());
            }
            throw new InvalidInputException(new Problem(SOURCE, 0, "",
                    "no kubeconfig found; tried --kubeconfig (not given), $KUBECONFIG (" + String.join(", ", tried)
                            + "); ~/.kube/config is not used while KUBECONFIG is set, as with kubectl",
                    "correct or unset KUBECONFIG, or pass --kubeconfig FILE"));
        }
        Path dflt = new UserHome(home).kubeconfig();
        Optional<String> why = unusable(dflt);
        if (why.isEmpty()) return dflt;
        throw new InvalidInputException(new Problem(SOURCE, 0, "",
                "no kubeconfig found; tried --kubeconfig (not given), $KUBECONFIG (not set), " + dflt + " ("
                        + why.get() + ")",
                "pass --kubeconfig FILE, set KUBECONFIG, or create " + dflt + " with one context per region, e.g. "
                        + MAKE_ONE));
    }

    private static Optional<String> unusable(Path file) {
        if (!Files.exists(file)) return Optional.of("not found");
        if (Files.isDirectory(file)) return Optional.of("a directory, not a file");
        if (!Files.isReadable(file)) return Optional.of("not readable");
        return Optional.empty();
    }
}
