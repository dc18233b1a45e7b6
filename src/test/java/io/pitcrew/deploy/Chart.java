package io.pitcrew.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pitcrew's Helm chart, rendered by Helm itself (helm-java bundles Helm's Go library): what {@code helm template} and
 * {@code helm install} make of deploy/helm/pitcrew with some values set.
 */
final class Chart {

    static final Path DIR = Path.of("deploy/helm/pitcrew");
    static final String RELEASE = "pitcrew";
    static final String NAMESPACE = "pitcrew";

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private Chart() {}

    /** {@code helm template pitcrew deploy/helm/pitcrew --namespace pitcrew --set K=V...}: the manifests, as text. */
    static String template(Map<String, Object> values) {
        TemplateCommand t = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(t::set);
        return t.call();
    }

    /** Also given a values file (for lists and maps, which --set writes awkwardly). */
    static String template(Path valuesFile, Map<String, Object> values) {
        TemplateCommand t = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(valuesFile);
        values.forEach(t::set);
        return t.call();
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

    static List<HasMetadata> render(Map<String, Object> values) {
        return objects(template(values));
    }

    /** Kind/name (namespace/kind/name for namespaced objects) of each object: what was made. */
    static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(Chart::name).toList();
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

    static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }
}
