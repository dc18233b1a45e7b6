package io.pitcrew.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kind the lab's API servers serve: what discovery announces, where objects of the kind live, and what
 * their list is called. One table, so discovery, storage paths and list kinds cannot disagree.
 */
record ApiResource(String group, String version, String plural, String singular, String kind, boolean namespaced,
                   List<String> shortNames, List<String> subresources) {

    static final List<ApiResource> ALL = List.of(
            core("pods", "pod", "Pod", true, List.of("po"), List.of("log", "status")),
            core("nodes", "node", "Node", false, List.of("no"), List.of("status")),
            core("events", "event", "Event", true, List.of("ev"), List.of()),
            core("namespaces", "namespace", "Namespace", false, List.of("ns"), List.of()),
            core("services", "service", "Service", true, List.of("svc"), List.of()),
            core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of()),
            core("secrets", "secret", "Secret", true, List.of(), List.of()),
            core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), List.of()),
            apps("deployments", "deployment", "Deployment", List.of("deploy"), List.of("scale", "status")),
            apps("replicasets", "replicaset", "ReplicaSet", List.of("rs"), List.of("scale", "status")),
            apps("statefulsets", "statefulset", "StatefulSet", List.of("sts"), List.of("scale", "status")),
            apps("daemonsets", "daemonset", "DaemonSet", List.of("ds"), List.of("status")),
            new ApiResource("batch", "v1", "jobs", "job", "Job", true, List.of(), List.of("status")),
            // made from Services and pods when asked (EndpointSlices), never stored
            new ApiResource("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, List.of(), List.of()),
            new ApiResource("metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", false, List.of(), List.of()),
            new ApiResource("metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", true, List.of(), List.of()),
            new ApiResource("karpenter.sh", "v1", "nodepools", "nodepool", "NodePool", false, List.of(), List.of("status")),
            new ApiResource("karpenter.sh", "v1", "nodeclaims", "nodeclaim", "NodeClaim", false, List.of(), List.of("status")),
            new ApiResource("karpenter.k8s.aws", "v1", "ec2nodeclasses", "ec2nodeclass", "EC2NodeClass", false, List.of(),
                    List.of("status")),
            // kubectl auth can-i: asked, answered, never stored (AccessReviews)
            new ApiResource("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "", "SelfSubjectAccessReview", false,
                    List.of(), List.of()),
            // what the lab's authorizer reads, and what pitcrew's Helm chart installs
            rbac("clusterroles", "clusterrole", "ClusterRole", false),
            rbac("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false),
            rbac("roles", "role", "Role", true),
            rbac("rolebindings", "rolebinding", "RoleBinding", true),
            new ApiResource("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true,
                    List.of("pdb"), List.of("status")),
            new ApiResource("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true,
                    List.of("netpol"), List.of()),
            new ApiResource("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, List.of("ing"), List.of("status")),
            // the Prometheus operator's CRD, as a cluster that has it installed serves it
            new ApiResource("monitoring.coreos.com", "v1", "servicemonitors", "servicemonitor", "ServiceMonitor", true,
                    List.of("smon"), List.of()));

    private static ApiResource core(String plural, String singular, String kind, boolean namespaced,
                                    List<String> shortNames, List<String> subresources) {
        return new ApiResource("", "v1", plural, singular, kind, namespaced, shortNames, subresources);
    }

    private static ApiResource apps(String plural, String singular, String kind, List<String> shortNames,
                                    List<String> subresources) {
        return new ApiResource("apps", "v1", plural, singular, kind, true, shortNames, subresources);
    }

    private static ApiResource rbac(String plural, String singular, String kind, boolean namespaced) {
        return new ApiResource("rbac.authorization.k8s.io", "v1", plural, singular, kind, namespaced, List.of(), List.of());
    }

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The collection path an object of this kind is stored under. */
    String collectionPath(String namespace) {
        String prefix = group.isEmpty() ? "/api/v1" : "/apis/" + group + "/" + version;
        return namespaced ? prefix + "/namespaces/" + namespace + "/" + plural : prefix + "/" + plural;
    }

    static Optional<ApiResource> byKind(String apiVersion, String kind) {
        return ALL.stream().filter(r -> r.kind.equals(kind) && r.groupVersion().equals(apiVersion)).findFirst();
    }

    static Optional<ApiResource> byPlural(String groupVersion, String plural) {
        return ALL.stream().filter(r -> r.plural.equals(plural) && r.groupVersion().equals(groupVersion)).findFirst();
    }

    /** Group versions in announcement order, core first. */
    static Map<String, List<ApiResource>> byGroupVersion() {
        Map<String, List<ApiResource>> out = new LinkedHashMap<>();
        for (ApiResource r : ALL) out.computeIfAbsent(r.groupVersion(), k -> new ArrayList<>()).add(r);
        return out;
    }
}
