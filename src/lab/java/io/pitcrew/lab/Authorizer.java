package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Authentication and RBAC authorization as kube-apiserver does them, for a lab that enforces them: a bearer token
 * names an {@link Identity}; a request is allowed when a ClusterRoleBinding, or a RoleBinding in the request's
 * namespace, binds the identity (its user, one of its groups, or its ServiceAccount) to a Role or ClusterRole with a
 * rule matching the request. The roles and bindings are the objects stored in this API server, so what a test
 * creates through the API (a Helm chart's RBAC) is what is enforced. A refusal is the 403 Status kube-apiserver writes;
 * an unknown token the 401. Until {@link #enforce} everything is allowed, as the lab always was.
 */
final class Authorizer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";

    private final RegionStore store;
    private final Map<String, Identity> tokens;
    private final List<ApiAccess> log = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean enforcing;
    /** The stored roles and bindings, read again after any write to them. */
    private volatile Policy policy;

    /** @param tokens bearer token to identity, shared by the lab's regions (one identity provider for all) */
    Authorizer(RegionStore store, Map<String, Identity> tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    /**
     * Starts enforcing, with kube-apiserver's bootstrap policy stored: {@code cluster-admin} bound to
     * {@code system:masters}, discovery, {@code /version} and access reviews open to everyone authenticated,
     * {@code /version} and the health paths also to anonymous requests.
     */
    void enforce() {
        bootstrap().forEach(store::put);
        policyChanged();
        enforcing = true;
    }

    boolean enforcing() {
        return enforcing;
    }

    void policyChanged() {
        policy = null;
    }

    List<ApiAccess> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Null when the request may go on; else the 401 or 403 answer. */
    MockResponse check(RecordedRequest request, String path, Map<String, String> query) {
        if (!enforcing) return null;
        Identity identity = identify(request);
        if (identity == null) return unauthorized();
        RequestAttributes a = RequestAttributes.of(request.getMethod(), path, query);
        boolean allowed = current().allows(identity, a);
        log.add(new ApiAccess(identity.user(), a.verb(), a.group(), a.resourceRequest() ? a.resourceWithSubresource() : "",
                a.namespace(), a.name(), path, allowed));
        return allowed ? null : forbidden(identity, a);
    }

    /**
     * A SelfSubjectAccessReview's answer ({@code kubectl auth can-i}): may the identity that sends the review do
     * {@code a}? Everything is allowed until enforcing, as for any request.
     */
    boolean allowsItself(RecordedRequest request, RequestAttributes a) {
        if (!enforcing) return true;
        Identity identity = identify(request);
        return identity != null && current().allows(identity, a);
    }

    /** Who the bearer token says; anonymous without one; null for a token nobody issued. */
    private Identity identify(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) return Identity.ANONYMOUS;
        return authorization.startsWith("Bearer ") ? tokens.get(authorization.substring("Bearer ".length()).strip()) : null;
    }

    private Policy current() {
        Policy p = policy;
        if (p == null) {
            p = new Policy(items("/clusterroles"), items("/clusterrolebindings"), items("/roles"), items("/rolebindings"));
            policy = p;
        }
        return p;
    }

    private List<JsonNode> items(String collection) {
        MockResponse response = store.crud().handleGet(RBAC + collection);
        List<JsonNode> out = new ArrayList<>();
        if (response.code() != 200) return out;
        JSON.readTree(response.getBody().readUtf8()).path("items").forEach(out::add);
        return out;
    }

    /** The roles and bindings of one moment. */
    private record Policy(List<JsonNode> clusterRoles, List<JsonNode> clusterRoleBindings, List<JsonNode> roles,
                          List<JsonNode> roleBindings) {

        boolean allows(Identity who, RequestAttributes a) {
            for (JsonNode binding : clusterRoleBindings) {
                if (binds(binding, who, "") && "ClusterRole".equals(binding.path("roleRef").path("kind").asString(""))
                        && rulesAllow(named(clusterRoles, "", binding.path("roleRef").path("name").asString("")), a)) {
                    return true;
                }
            }
            if (!a.resourceRequest() || a.namespace().isEmpty()) return false;
            for (JsonNode binding : roleBindings) {
                String ns = binding.path("metadata").path("namespace").asString("");
                if (!ns.equals(a.namespace()) || !binds(binding, who, ns)) continue;
                String kind = binding.path("roleRef").path("kind").asString("");
                String name = binding.path("roleRef").path("name").asString("");
                JsonNode role = kind.equals("ClusterRole") ? named(clusterRoles, "", name) : named(roles, ns, name);
                if (rulesAllow(role, a)) return true;
            }
            return false;
        }

        private static boolean binds(JsonNode binding, Identity who, String bindingNamespace) {
            for (JsonNode s : binding.path("subjects")) {
                String kind = s.path("kind").asString("");
                String name = s.path("name").asString("");
                boolean match = switch (kind) {
                    case "User" -> name.equals(who.user());
                    case "Group" -> who.groups().contains(name);
                    case "ServiceAccount" -> who.user().equals("system:serviceaccount:"
                            + s.path("namespace").asString(bindingNamespace) + ":" + name);
                    default -> false;
                };
                if (match) return true;
            }
            return false;
        }

        private static JsonNode named(List<JsonNode> objects, String namespace, String name) {
            for (JsonNode o : objects) {
                if (o.path("metadata").path("name").asString("").equals(name)
                        && o.path("metadata").path("namespace").asString("").equals(namespace)) return o;
            }
            return null;
        }

        private static boolean rulesAllow(JsonNode role, RequestAttributes a) {
            if (role == null) return false;
            for (JsonNode rule : role.path("rules")) {
                if (ruleAllows(rule, a)) return true;
            }
            return false;
        }

        /** kube-apiserver's rule matching (plugin/pkg/auth/authorizer/rbac: RuleAllows). */
        static boolean ruleAllows(JsonNode rule, RequestAttributes a) {
            if (!has(rule.path("verbs"), a.verb())) return false;
            if (!a.resourceRequest()) {
                for (JsonNode url : rule.path("nonResourceURLs")) {
                    String u = url.asString("");
                    if (u.equals("*") || u.equals(a.path()) || (u.endsWith("*") && a.path().startsWith(u.substring(0, u.length() - 1)))) {
                        return true;
                    }
                }
                return false;
            }
            if (!has(rule.path("apiGroups"), a.group())) return false;
            boolean resource = false;
            for (JsonNode r : rule.path("resources")) {
                String v = r.asString("");
                if (v.equals("*") || v.equals(a.resourceWithSubresource())
                        || (!a.subresource().isEmpty() && v.equals("*/" + a.subresource()))) {
                    resource = true;
                    break;
                }
            }
            if (!resource) return false;
            // a rule for named objects never allows a request that names none (a create, a list of everything)
            JsonNode names = rule.path("resourceNames");
            if (names.isEmpty()) return true;
            for (JsonNode n : names) {
                if (!a.name().isEmpty() && n.asString("").equals(a.name())) return true;
            }
            return false;
        }

        private static boolean has(JsonNode values, String wanted) {
            for (JsonNode v : values) {
                if (v.asString("").equals("*") || v.asString("").equals(wanted)) return true;
            }
            return false;
        }
    }

    /** kube-apiserver's refusal: {@code responsewriters.Forbidden}, its message from {@code forbiddenMessage}. */
    static MockResponse forbidden(Identity who, RequestAttributes a) {
        String reason;
        String qualified;
        if (!a.resourceRequest()) {
            reason = "User \"" + who.user() + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
            qualified = "";
        } else {
            reason = "User \"" + who.user() + "\" cannot " + a.verb() + " resource \"" + a.resourceWithSubresource()
                    + "\" in API group \"" + a.group() + "\""
                    + (a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"");
            qualified = a.group().isEmpty() ? a.resource() : a.resource() + "." + a.group();
        }
        String message = qualified.isEmpty() ? "forbidden: " + reason
                : a.name().isEmpty() ? qualified + " is forbidden: " + reason
                : qualified + " \"" + a.name() + "\" is forbidden: " + reason;
        ObjectNode status = ApiDispatcher.statusBody(403, "Forbidden", message);
        ObjectNode details = status.putObject("details");
        if (!a.name().isEmpty()) details.put("name", a.name());
        if (!a.group().isEmpty()) details.put("group", a.group());
        if (!a.resource().isEmpty()) details.put("kind", a.resource());
        // the field order of the API server's JSON: details before code
        status.remove("code");
        status.put("code", 403);
        return response(403, status);
    }

    static MockResponse unauthorized() {
        return response(401, ApiDispatcher.statusBody(401, "Unauthorized", "Unauthorized"));
    }

    private static MockResponse response(int code, ObjectNode status) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(status.toString());
    }

    /** kube-apiserver's bootstrap roles and bindings that decide what the lab's requests need (bootstrappolicy). */
    private static List<HasMetadata> bootstrap() {
        List<String> discovery = List.of("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*",
                "/readyz", "/version", "/version/");
        List<String> publicInfo = List.of("/healthz", "/livez", "/readyz", "/version", "/version/");
        return List.of(
                new ClusterRoleBuilder().withNewMetadata().withName("cluster-admin").endMetadata()
                        .addNewRule().withApiGroups("*").withResources("*").withVerbs("*").endRule()
                        .addNewRule().withNonResourceURLs("*").withVerbs("*").endRule().build(),
                new ClusterRoleBindingBuilder().withNewMetadata().withName("cluster-admin").endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(Identity.MASTERS).endSubject().build(),
                new ClusterRoleBuilder().withNewMetadata().withName("system:discovery").endMetadata()
                        .addNewRule().withNonResourceURLs(discovery).withVerbs("get").endRule().build(),
                new ClusterRoleBindingBuilder().withNewMetadata().withName("system:discovery").endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:discovery")
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(Identity.AUTHENTICATED).endSubject().build(),
                // kubectl auth can-i: every authenticated user may ask what it may do
                new ClusterRoleBuilder().withNewMetadata().withName("system:basic-user").endMetadata()
                        .addNewRule().withApiGroups("authorization.k8s.io")
                        .withResources("selfsubjectaccessreviews", "selfsubjectrulesreviews").withVerbs("create").endRule().build(),
                new ClusterRoleBindingBuilder().withNewMetadata().withName("system:basic-user").endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:basic-user")
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(Identity.AUTHENTICATED).endSubject().build(),
                new ClusterRoleBuilder().withNewMetadata().withName("system:public-info-viewer").endMetadata()
                        .addNewRule().withNonResourceURLs(publicInfo).withVerbs("get").endRule().build(),
                new ClusterRoleBindingBuilder().withNewMetadata().withName("system:public-info-viewer").endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:public-info-viewer")
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(Identity.AUTHENTICATED).endSubject()
                        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(Identity.UNAUTHENTICATED).endSubject()
                        .build());
    }

    /** Whether a request writes roles or bindings: the policy is read again after it. */
    static boolean writesPolicy(String method, String path) {
        return !method.equals("GET") && !method.equals("HEAD") && path.startsWith(RBAC + "/");
    }
}
