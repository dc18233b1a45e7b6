package io.pitcrew.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.nio.file.Path;
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

    static List<HasMetadata> render(Map<String, Object> values) {
        return Manifests.objects(template(values));
    }

    static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }
}
