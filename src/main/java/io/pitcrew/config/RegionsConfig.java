package io.pitcrew.config;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static io.pitcrew.config.ConfigSection.DNS_LABEL;
import static io.pitcrew.config.ConfigSection.describe;

/** Reads pitcrew.yaml's {@code regions:}: at least one, each with its own name and context, exactly one control plane. */
final class RegionsConfig {

    static final List<String> KEYS = List.of("name", "context", "role", "domain", "eks", "inCluster");
    static final List<String> EKS_KEYS = List.of("cluster", "region");
    /** An AWS region's code: us-west-2, eu-west-2, ap-southeast-1, us-gov-west-1. */
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    static final String EXAMPLE = "regions:\n      - name: us-east-2\n        role: control-plane\n"
            + "        domain: ai.coder.com";
    private static final String ROLE_FIX = "use control-plane (the region that runs coderd, LiteLLM and the "
            + "provisioners; us-east-2 in the runbook) or proxy (a workspace proxy region)";
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");

    private RegionsConfig() {}

    static List<Region> read(ConfigSection top) {
        JsonPointer at = top.at("regions");
        JsonNode list = top.node.get("regions");
        if (list == null && top.suggested.contains("regions")) {
            return List.of(); // "unknown key 'regoins' (did you mean 'regions'?)" already says it
        }
        if (list == null || list.isNull()) {
            top.problem(at, "missing: at least one region is required", "add the platform's regions, e.g.\n    "
                    + EXAMPLE);
            return List.of();
        }
        if (!list.isArray()) {
            top.problem(at, "expected a list of regions, got " + describe(list),
                    "write each region as a list item starting with '- name:', e.g.\n    " + EXAMPLE);
            return List.of();
        }
        if (list.isEmpty()) {
            top.problem(at, "the list is empty: at least one region is required", "add a region, e.g.\n    "
                    + EXAMPLE);
            return List.of();
        }
        List<Region> regions = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> byContext = new HashMap<>();
        List<Integer> controlPlanes = new ArrayList<>();
        boolean rolesKnown = true;
        for (int i = 0; i < list.size(); i++) {
            JsonPointer ip = at.appendIndex(i);
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                top.problem(ip, "expected a region (a mapping with name, context, role, domain), got " + describe(item),
                        "write the region as '- name: ...' with role and domain indented below it");
                rolesKnown = false;
                continue;
            }
            ConfigSection s = top.item(item, ip, KEYS);
            String name = s.text("name", null, "the region's name, like us-east-2");
            if (name != null && !DNS_LABEL.matcher(name).matches()) {
                s.problem(s.at("name"), "'" + name + "' is not a valid region name",
                        "use lowercase letters, digits and '-', starting and ending with a letter or digit, "
                                + "at most 63 characters, like us-east-2");
            }
            String context = s.text("context", name, "the kube context of this region's cluster");
            Region.Role role = role(s);
            String domain = domain(s);
            regions.add(new Region(name, context, role, domain, reach(s, name)));

            if (name != null) {
                Integer first = byName.putIfAbsent(name, i);
                if (first != null) {
                    s.problem(s.at("name"), "region name '" + name + "' is already used by regions[" + first + "]",
                            "give each region its own name");
                }
            }
            if (context != null) {
                Integer first = byContext.putIfAbsent(context, i);
                if (first != null) {
                    String implied = s.node.has("context") ? "" : " (no context given, so it is the region's name)";
                    s.problem(s.at("context"), "context '" + context + "'" + implied + " is already used by regions["
                                    + first + "] (" + regions.get(first).name() + ")",
                            "each region is its own cluster; set context: to this region's kube context "
                                    + "(kubectl config get-contexts lists them)");
                }
            }
            if (role == null) rolesKnown = false;
            else if (role == Region.Role.CONTROL_PLANE) controlPlanes.add(i);
        }
        // A wrong or missing role already has its own problem; counting control planes then would only add noise.
        if (rolesKnown && controlPlanes.isEmpty()) {
            top.problem(at, "no region has role: control-plane",
                    "exactly one region runs coderd, LiteLLM and the provisioners (us-east-2 in the runbook); "
                            + "give it role: control-plane");
        }
        for (int k = 1; k < controlPlanes.size(); k++) {
            int first = controlPlanes.getFirst();
            top.problem(at.appendIndex(controlPlanes.get(k)).appendProperty("role"),
                    "a second control plane: regions[" + first + "] (" + regions.get(first).name()
                            + ") is already role: control-plane",
                    "exactly one region runs coderd; make the other regions role: proxy");
        }
        return regions;
    }

    private static Region.Role role(ConfigSection s) {
        String id = s.text("role", null, ROLE_FIX);
        if (id == null) return null;
        Region.Role role = Region.Role.of(id);
        if (role == null) {
            List<String> ids = Arrays.stream(Region.Role.values()).map(Region.Role::id).toList();
            String hint = NearestKey.to(id, ids).map(n -> "did you mean " + n + "? ").orElse("");
            s.problem(s.at("role"), "'" + id + "' is not a role", hint + ROLE_FIX);
        }
        return role;
    }

    private static String domain(ConfigSection s) {
        String domain = s.text("domain", null,
                "the region's public domain (apex), like ai.coder.com; the wildcard *.ai.coder.com is implied");
        if (domain == null) return null;
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.startsWith("*.")) {
            s.problem(s.at("domain"), "'" + domain + "' is a wildcard",
                    "give the apex only, like " + d.substring(2) + "; the wildcard *." + d.substring(2)
                            + " is implied");
        } else if (d.contains("://") || d.contains("/") || d.contains(":")) {
            s.problem(s.at("domain"), "'" + domain + "' is not a bare domain",
                    "give the domain without scheme, port or path, like ai.coder.com");
        } else if (d.length() > 253 || !DOMAIN.matcher(d).matches()) {
            s.problem(s.at("domain"), "'" + domain + "' is not a valid domain name",
                    "use dot-separated labels of letters, digits and '-', like oregon-proxy.ai.coder.com");
        }
        return d;
    }

    /**
     * How the region is reached: its kubeconfig context (the default), {@code eks: {cluster, region}} (an EKS cluster
     * from the AWS identity, as a serve in the control-plane cluster reaches the proxy regions) or
     * {@code inCluster: true} (the cluster pitcrew runs in). {@code context:} then only names it.
     */
    private static Region.Reach reach(ConfigSection s, String name) {
        JsonNode inCluster = s.node.get("inCluster");
        boolean own = false;
        if (inCluster != null) {
            if (!inCluster.isBoolean()) {
                s.problem(s.at("inCluster"), "expected true or false, got " + describe(inCluster),
                        "write inCluster: true for the cluster pitcrew runs in, or remove it");
            } else {
                own = inCluster.booleanValue();
            }
        }
        if (!s.node.has("eks")) return own ? new Region.Reach.InCluster() : new Region.Reach.ByKubeconfig();
        if (own) {
            s.problem(s.at("eks"), "eks: and inCluster: true both say how to reach region " + name,
                    "keep one: inCluster: true for the cluster pitcrew runs in, eks: for another EKS cluster");
        }
        ConfigSection eks = s.section("eks", EKS_KEYS);
        String cluster = eks.text("cluster", null, "the EKS cluster's name, as aws eks list-clusters shows it");
        String awsRegion = eks.text("region", null, "the cluster's AWS region, like us-west-2");
        if (awsRegion != null && !AWS_REGION.matcher(awsRegion).matches()) {
            eks.problem(eks.at("region"), "'" + awsRegion + "' is not an AWS region", "give the region's code, like us-west-2 or eu-west-2");
        }
        return cluster == null || awsRegion == null ? new Region.Reach.ByKubeconfig() : new Region.Reach.Eks(cluster, awsRegion);
    }
}
