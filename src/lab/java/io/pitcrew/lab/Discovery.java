package io.pitcrew.lab;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The discovery documents of an API server. kubectl reads them before anything else (and fails with
 * "the server could not find the requested resource" without them); the mock server has none of its own.
 */
final class Discovery {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> READ_WRITE =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** What {@code kubectl get all} lists: the kinds kube-apiserver puts in the "all" category. */
    private static final Set<String> CATEGORY_ALL = Set.of("v1/pods", "v1/services", "apps/v1/deployments",
            "apps/v1/replicasets", "apps/v1/statefulsets", "apps/v1/daemonsets", "batch/v1/jobs");

    private Discovery() {}

    /** An EKS-like version: pitcrew and kubectl print it, nothing depends on its value. */
    static String version() {
        ObjectNode v = JSON.createObjectNode();
        v.put("major", "1");
        v.put("minor", "31+");
        v.put("gitVersion", "v1.31.4-eks-2d5f260");
        v.put("gitCommit", "3a1d5e7c0b2f4d6e8a9c1b3d5f7e9a0c2b4d6f8e");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2025-01-16T18:42:11Z");
        v.put("goVersion", "go1.22.10");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v.toString();
    }

    static String coreVersions(int port) {
        ObjectNode v = JSON.createObjectNode();
        v.put("kind", "APIVersions");
        v.putArray("versions").add("v1");
        ObjectNode address = v.putArray("serverAddressByClientCIDRs").addObject();
        address.put("clientCIDR", "0.0.0.0/0");
        address.put("serverAddress", "127.0.0.1:" + port);
        return v.toString();
    }

    static String groups() {
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (String gv : ApiResource.byGroupVersion().keySet()) {
            if (!gv.contains("/")) continue;
            String group = gv.substring(0, gv.indexOf('/'));
            String version = gv.substring(gv.indexOf('/') + 1);
            ObjectNode g = groups.addObject();
            g.put("name", group);
            ObjectNode ver = g.putArray("versions").addObject();
            ver.put("groupVersion", gv);
            ver.put("version", version);
            g.putObject("preferredVersion").put("groupVersion", gv).put("version", version);
        }
        return list.toString();
    }

    /** The APIResourceList of one group version, or empty when the lab does not serve it. */
    static Optional<String> resources(String groupVersion) {
        List<ApiResource> resources = ApiResource.byGroupVersion().get(groupVersion);
        if (resources == null) return Optional.empty();
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", groupVersion);
        ArrayNode out = list.putArray("resources");
        for (ApiResource r : resources) {
            boolean metrics = r.group().equals("metrics.k8s.io");
            ObjectNode o = out.addObject();
            o.put("name", r.plural());
            o.put("singularName", r.singular());
            o.put("namespaced", r.namespaced());
            o.put("kind", r.kind());
            ArrayNode verbs = o.putArray("verbs");
            (metrics ? List.of("get", "list") : r.group().equals("authorization.k8s.io") ? List.of("create") : READ_WRITE)
                    .forEach(verbs::add);
            if (CATEGORY_ALL.contains(r.groupVersion() + "/" + r.plural())) o.putArray("categories").add("all");
            if (!r.shortNames().isEmpty()) {
                ArrayNode shortNames = o.putArray("shortNames");
                r.shortNames().forEach(shortNames::add);
            }
            for (String sub : r.subresources()) {
                ObjectNode s = out.addObject();
                s.put("name", r.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", r.namespaced());
                s.put("kind", sub.equals("scale") ? "Scale" : r.kind());
                if (sub.equals("scale")) {
                    s.put("group", "autoscaling");
                    s.put("version", "v1");
                }
                ArrayNode verbs2 = s.putArray("verbs");
                (sub.equals("log") ? List.of("get") : List.of("get", "patch", "update")).forEach(verbs2::add);
            }
        }
        return Optional.of(list.toString());
    }
}
