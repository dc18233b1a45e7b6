package io.pitcrew.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes manifests as objects: what {@link Chart} renders, or the files in deploy/manifests, which are the chart
 * rendered once ({@code RenderedManifestsTest} keeps them so). Reading those needs no Helm, so a test that only installs
 * the chart's objects runs in the default JVM, away from the Go runtime.
 */
final class Manifests {

    static final Path DIR = Path.of("deploy/manifests");

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private Manifests() {}

    /** The objects of one file of deploy/manifests, as {@code kubectl apply -f} would read them. */
    static List<HasMetadata> read(String file) {
        try {
            return objects(Files.readString(DIR.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The objects of rendered manifests, in their order. */
    static List<HasMetadata> objects(String manifests) {
        List<HasMetadata> out = new ArrayList<>();
        for (String document : manifests.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) continue;
            out.add(YAML.unmarshal(document));
        }
        return out;
    }

    /** Kind/name (namespace/kind/name for namespaced objects) of each object: what was made. */
    static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(Manifests::name).toList();
    }

    static String name(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return (ns == null ? "" : ns + "/") + o.getKind() + "/" + o.getMetadata().getName();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) throw new AssertionError("expected one " + type.getSimpleName() + ", found " + names(List.copyOf(found)));
        return found.getFirst();
    }
}
