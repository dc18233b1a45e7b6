package io.pitcrew.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The kubeconfig files pitcrew reads, first one first, as {@link KubeconfigLocator} chose them: one file for
 * {@code --kubeconfig} (or pitcrew.yaml's {@code kubeconfig:}) and for {@code ~/.kube/config}, every existing file of
 * {@code $KUBECONFIG} otherwise, merged by {@link Kubeconfig#read(KubeconfigSources)}.
 *
 * @param files   the files to merge, in order of precedence; at least one
 * @param skipped entries of {@code $KUBECONFIG} that do not exist, skipped as kubectl skips them; named in messages
 *                so that a typo in the list is visible
 */
public record KubeconfigSources(List<Path> files, List<Path> skipped) {

    public KubeconfigSources {
        if (files.isEmpty()) throw new IllegalArgumentException("a kubeconfig needs at least one file");
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }

    /** One file, read alone (no merging), as kubectl reads {@code --kubeconfig FILE}. */
    public static KubeconfigSources of(Path file) {
        return new KubeconfigSources(List.of(file), List.of());
    }

    /** {@code file: a} or {@code files: a, b; not found: c}, for messages about what the kubeconfig holds. */
    public String describe() {
        String read = (files.size() == 1 ? "file: " : "files: ") + join(files.stream());
        return skipped.isEmpty() ? read : read + "; not found: " + join(skipped.stream());
    }

    private static String join(Stream<Path> paths) {
        return paths.map(Path::toString).collect(Collectors.joining(", "));
    }
}
