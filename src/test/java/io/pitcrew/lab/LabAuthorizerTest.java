package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's API servers authenticate and authorize as kube-apiserver does once RBAC is enforced: roles and bindings
 * stored through the API decide; a refusal is kube-apiserver's 403 Status word for word, an unknown token its 401.
 */
class LabAuthorizerTest {

    static final String REGION = "us-east-2";
    static final String SA = "system:serviceaccount:pitcrew:reader";

    @TempDir
    static Path tmp;
    static Lab lab;
    static KubernetesClient admin;
    static String token;
    // HTTP/1.1, as kubectl and Fabric8 speak to an API server over plain http: the JDK client's default h2c upgrade
    // once left a request to the lab's (Vert.x) server unanswered for minutes
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void up() {
        lab = Lab.start(LabKit.dir(tmp), null, 2);
        lab.enforceRbac();
        admin = LabKit.client(lab, REGION);
        token = lab.serviceAccountToken("pitcrew", "reader");
    }

    @AfterAll
    static void down() {
        admin.close();
        lab.close();
    }

    @BeforeEach
    void noGrants() {
        admin.rbac().roles().inAnyNamespace().list().getItems().forEach(r -> admin.resource(r).delete());
        admin.rbac().roleBindings().inAnyNamespace().list().getItems().forEach(r -> admin.resource(r).delete());
        admin.rbac().clusterRoles().withName("pod-reader").delete();
    }

    record Answer(int code, String body) {}

    Answer get(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.ports().get(REGION) + path))
                .timeout(Duration.ofSeconds(30));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        HttpResponse<String> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    @Test
    void theLabsOwnKubeconfigIsAClusterAdministrator() {
        assertThat(admin.pods().inAnyNamespace().list().getItems()).isNotEmpty();
        assertThat(admin.secrets().inNamespace("litellm").list().getItems()).isNotEmpty();
    }

    @Test
    void aServiceAccountWithoutBindingsIsRefusedWithKubeApiserversStatus() throws Exception {
        Answer a = get("/api/v1/pods", token);

        assertThat(a.code()).isEqualTo(403);
        assertThat(a.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"pods is forbidden: User \\\"" + SA + "\\\" cannot list resource \\\"pods\\\" in API group \\\"\\\" at the cluster scope\","
                + "\"reason\":\"Forbidden\",\"details\":{\"kind\":\"pods\"},\"code\":403}");
        assertThat(lab.accessLog(REGION)).contains(new ApiAccess(SA, "list", "", "pods", "", "", "/api/v1/pods", false));
    }

    @Test
    void aNamedObjectInAGroupIsNamedInTheRefusal() throws Exception {
        Answer a = get("/apis/apps/v1/namespaces/coder/deployments/coder", token);

        assertThat(a.code()).isEqualTo(403);
        var status = JsonMapper.builder().build().readTree(a.body());
        assertThat(status.path("message").asString()).isEqualTo("deployments.apps \"coder\" is forbidden: User \"" + SA
                + "\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"coder\"");
        assertThat(status.path("details").toString()).isEqualTo("{\"name\":\"coder\",\"group\":\"apps\",\"kind\":\"deployments\"}");
    }

    @Test
    void anUnknownTokenIsUnauthorized() throws Exception {
        Answer a = get("/api/v1/pods", "not-a-token-of-this-lab");

        assertThat(a.code()).isEqualTo(401);
        assertThat(a.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
    }

    @Test
    void discoveryAndVersionAreOpenToTheAuthenticatedOtherPathsAreNot() throws Exception {
        assertThat(get("/version", token).code()).isEqualTo(200);
        assertThat(get("/apis", token).code()).isEqualTo(200);
        assertThat(get("/api/v1", token).code()).isEqualTo(200);
        assertThat(get("/version", null).code()).as("anonymous: system:public-info-viewer").isEqualTo(200);
        assertThat(get("/api", null).code()).as("anonymous: no discovery").isEqualTo(403);

        Answer metrics = get("/metrics", token);
        assertThat(metrics.code()).isEqualTo(403);
        assertThat(JsonMapper.builder().build().readTree(metrics.body()).path("message").asString())
                .isEqualTo("forbidden: User \"" + SA + "\" cannot get path \"/metrics\"");
    }

    @Test
    void aRoleGrantsItsVerbsInItsNamespaceOnly() throws Exception {
        bind("coder", "pods", "Role", podLister());

        assertThat(get("/api/v1/namespaces/coder/pods", token).code()).isEqualTo(200);
        assertThat(get("/api/v1/namespaces/litellm/pods", token).code()).isEqualTo(403);
        assertThat(get("/api/v1/pods", token).code()).as("every namespace: the cluster scope").isEqualTo(403);
        assertThat(get("/api/v1/namespaces/coder/pods?watch=true", token).code()).as("watch is another verb").isEqualTo(403);
        assertThat(get("/api/v1/namespaces/coder/services", token).code()).isEqualTo(403);
        String pod = admin.pods().inNamespace("coder").list().getItems().getFirst().getMetadata().getName();
        assertThat(get("/api/v1/namespaces/coder/pods/" + pod + "/log", token).code()).as("pods/log is its own resource").isEqualTo(403);
    }

    @Test
    void aClusterRoleBoundInANamespaceGrantsOnlyThere() throws Exception {
        admin.resource(new ClusterRoleBuilder().withNewMetadata().withName("pod-reader").endMetadata()
                .addNewRule().withApiGroups("").withResources("pods", "pods/log").withVerbs("get", "list").endRule().build()).create();
        bind("coder", "pod-reader", "ClusterRole", null);

        String pod = admin.pods().inNamespace("coder").list().getItems().getFirst().getMetadata().getName();
        assertThat(get("/api/v1/namespaces/coder/pods/" + pod + "/log", token).code()).isEqualTo(200);
        assertThat(get("/api/v1/namespaces/litellm/pods", token).code()).isEqualTo(403);
    }

    @Test
    void resourceNamesGrantThoseObjectsAndNoList() throws Exception {
        bind("coder", "coder-only", "Role", new RoleBuilder().withNewMetadata().withName("coder-only").withNamespace("coder").endMetadata()
                .addNewRule().withApiGroups("apps").withResources("deployments").withResourceNames("coder").withVerbs("get", "list").endRule().build());

        assertThat(get("/apis/apps/v1/namespaces/coder/deployments/coder", token).code()).isEqualTo(200);
        assertThat(get("/apis/apps/v1/namespaces/coder/deployments/coder-provisioner-default", token).code()).isEqualTo(403);
        assertThat(get("/apis/apps/v1/namespaces/coder/deployments", token).code()).isEqualTo(403);
        assertThat(get("/apis/apps/v1/namespaces/coder/deployments?fieldSelector=metadata.name%3Dcoder", token).code())
                .as("a list of one name is authorized as that name").isEqualTo(200);
    }

    @Test
    void aDeletedBindingNoLongerGrants() throws Exception {
        bind("coder", "pods", "Role", podLister());
        assertThat(get("/api/v1/namespaces/coder/pods", token).code()).isEqualTo(200);

        admin.rbac().roleBindings().inNamespace("coder").withName("reader").delete();

        assertThat(get("/api/v1/namespaces/coder/pods", token).code()).isEqualTo(403);
    }

    @Test
    void aResetKeepsRolesAndBindings() throws Exception {
        bind("coder", "pods", "Role", podLister());

        lab.reset();

        assertThat(get("/api/v1/namespaces/coder/pods", token).code()).isEqualTo(200);
        assertThat(admin.pods().inAnyNamespace().list().getItems()).as("the admin binding too").isNotEmpty();
    }

    @Test
    void anAccessReviewAnswersWhatTheAskerMayDoAsCanIDoes() throws Exception {
        bind("coder", "pods", "Role", podLister());
        String listPodsInCoder = review("{\"verb\":\"list\",\"resource\":\"pods\",\"namespace\":\"coder\"}");
        String listPodsEverywhere = review("{\"verb\":\"list\",\"resource\":\"pods\"}");

        assertThat(allowed(listPodsInCoder, token)).isTrue();
        assertThat(allowed(listPodsEverywhere, token)).as("the cluster scope").isFalse();
        assertThat(allowed(listPodsEverywhere, LabFiles.adminToken(REGION))).as("the lab's kubeconfig: system:masters").isTrue();
        assertThat(post(AccessReviews.PATH, listPodsInCoder, null).code()).as("anonymous may not ask: system:basic-user is "
                + "for the authenticated").isEqualTo(403);
    }

    private static String review(String resourceAttributes) {
        return "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"metadata\":{},"
                + "\"spec\":{\"resourceAttributes\":" + resourceAttributes + "}}";
    }

    private boolean allowed(String review, String bearer) throws Exception {
        Answer a = post(AccessReviews.PATH, review, bearer);
        assertThat(a.code()).as(a.body()).isEqualTo(201);
        return JsonMapper.builder().build().readTree(a.body()).path("status").path("allowed").asBoolean();
    }

    Answer post(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.ports().get(REGION) + path))
                .header("Content-Type", "application/json");
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        HttpResponse<String> r = http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static Role podLister() {
        return new RoleBuilder().withNewMetadata().withName("pods").withNamespace("coder").endMetadata()
                .addNewRule().withApiGroups("").withResources("pods").withVerbs("list").endRule().build();
    }

    /** Binds the ServiceAccount pitcrew/reader to {@code role} in {@code namespace}, creating the Role when given. */
    private static void bind(String namespace, String roleName, String kind, Role role) {
        if (role != null) admin.resource(role).create();
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("reader").withNamespace(namespace).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", kind, roleName)
                .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace("pitcrew").endSubject().build()).create();
    }
}
