package io.pitcrew.config;

import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.pitcrew.config.ConfigSection.DNS_LABEL;
import static io.pitcrew.config.ConfigSection.describe;

/** Reads pitcrew.yaml's {@code names:}: namespaces, deployments and selectors as Kubernetes allows them, the provisioners. */
final class NamesConfig {

    // The record is the source of truth for what may be configured, so a new field cannot be forgotten here.
    static final List<String> KEYS = ConfigSection.keysOf(Names.class);
    private static final List<String> PROVISIONER_KEYS = List.of("deployment", "baseline");
    /** RFC 1123 subdomain: what Kubernetes requires of deployment names. */
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private NamesConfig() {}

    static Names read(ConfigSection s) {
        Names d = Names.defaults();
        return new Names(
                namespace(s, "coderNamespace", d.coderNamespace()),
                deployment(s, "coderDeployment", d.coderDeployment()),
                selector(s, "workspaceSelector", d.workspaceSelector()),
                selector(s, "provisionerSelector", d.provisionerSelector()),
                provisioners(s, d.provisioners()),
                namespace(s, "litellmNamespace", d.litellmNamespace()),
                deployment(s, "litellmDeployment", d.litellmDeployment()),
                deployment(s, "keyRotatorDeployment", d.keyRotatorDeployment()),
                selector(s, "keyRotatorSelector", d.keyRotatorSelector()),
                namespace(s, "karpenterNamespace", d.karpenterNamespace()),
                selector(s, "karpenterSelector", d.karpenterSelector()),
                selector(s, "litellmSelector", d.litellmSelector()),
                secretNames(s, "litellmCredentialSecrets", d.litellmCredentialSecrets()),
                selector(s, "coderSelector", d.coderSelector()),
                deployment(s, "karpenterDeployment", d.karpenterDeployment()),
                namespace(s, "loadBalancerControllerNamespace", d.loadBalancerControllerNamespace()),
                deployment(s, "loadBalancerControllerDeployment", d.loadBalancerControllerDeployment()),
                selector(s, "loadBalancerControllerSelector", d.loadBalancerControllerSelector()),
                namespace(s, "metricsServerNamespace", d.metricsServerNamespace()),
                deployment(s, "metricsServerDeployment", d.metricsServerDeployment()),
                selector(s, "metricsServerSelector", d.metricsServerSelector()),
                namespace(s, "corednsNamespace", d.corednsNamespace()),
                deployment(s, "corednsDeployment", d.corednsDeployment()),
                selector(s, "corednsSelector", d.corednsSelector()));
    }

    private static String namespace(ConfigSection s, String key, String dflt) {
        String v = s.text(key, dflt, "a namespace name; the default is " + dflt);
        if (v != null && !DNS_LABEL.matcher(v).matches()) {
            s.problem(s.at(key), "'" + v + "' is not a valid namespace name",
                    "use lowercase letters, digits and '-', at most 63 characters; the default is " + dflt);
        }
        return v;
    }

    private static String deployment(ConfigSection s, String key, String dflt) {
        String v = s.text(key, dflt, "a deployment name; the default is " + dflt);
        checkDeploymentName(s, v, s.at(key), dflt);
        return v;
    }

    private static void checkDeploymentName(ConfigSection s, String v, JsonPointer at, String example) {
        if (v != null && (v.length() > 253 || !DNS_SUBDOMAIN.matcher(v).matches())) {
            s.problem(at, "'" + v + "' is not a valid deployment name",
                    "use lowercase letters, digits, '-' and '.', like " + example);
        }
    }

    private static String selector(ConfigSection s, String key, String dflt) {
        String v = s.text(key, dflt, "a label selector like " + dflt);
        if (v == null) return null;
        try {
            return LabelSelector.parse(v).toString();
        } catch (IllegalArgumentException e) {
            s.problem(s.at(key), "'" + v + "' is not a label selector: " + e.getMessage(),
                    "write key=value pairs separated by commas, like " + dflt + " (the default)");
            return v;
        }
    }

    /** A list of secret names (DNS subdomains, as Kubernetes requires); absent means the default list. */
    private static List<String> secretNames(ConfigSection s, String key, List<String> dflt) {
        JsonNode list = s.node.get(key);
        if (list == null) return dflt;
        String example = key + ": [" + String.join(", ", dflt) + "]";
        if (!list.isArray()) {
            s.problem(s.at(key), "expected a list of secret names, got " + describe(list), "write " + example);
            return dflt;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            JsonPointer at = s.at(key).appendIndex(i);
            if (!n.isString() || n.stringValue().isBlank()) {
                s.problem(at, "expected a secret name, got " + describe(n), "write " + example);
                continue;
            }
            String name = n.stringValue().strip();
            if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
                s.problem(at, "'" + name + "' is not a valid secret name", "use lowercase letters, digits, '-' and '.', like " + dflt.getFirst());
                continue;
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static List<Names.Provisioner> provisioners(ConfigSection names, List<Names.Provisioner> dflt) {
        JsonPointer at = names.at("provisioners");
        JsonNode list = names.node.get("provisioners");
        if (list == null) return dflt;
        String example = "- {deployment: coder-provisioner-default, baseline: 6}";
        if (!list.isArray()) {
            names.problem(at, "expected a list of provisioners, got " + describe(list),
                    "write one list item per provisioner deployment, like\n    " + example);
            return dflt;
        }
        List<Names.Provisioner> result = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonPointer ip = at.appendIndex(i);
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                names.problem(ip, "expected a provisioner {deployment, baseline}, got " + describe(item),
                        "write it like " + example);
                continue;
            }
            ConfigSection s = names.item(item, ip, PROVISIONER_KEYS);
            String deployment = s.text("deployment", null,
                    "the provisioner deployment's name, like coder-provisioner-default");
            checkDeploymentName(s, deployment, s.at("deployment"), "coder-provisioner-default");
            int baseline = s.integer("baseline", null, 0, Integer.MAX_VALUE,
                    "replicas it normally runs with; the runbook's: default 6, experimental 2, demo 2");
            if (deployment != null) {
                Integer first = seen.putIfAbsent(deployment, i);
                if (first != null) {
                    names.problem(s.at("deployment"), "deployment '" + deployment + "' is already listed at "
                            + YamlDocument.readable(at.appendIndex(first)), "list each provisioner deployment once");
                }
            }
            result.add(new Names.Provisioner(deployment, baseline));
        }
        return List.copyOf(result);
    }
}
