package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API server refuses: a 403 names the permission needed; endless 409s are never overwritten. */
class ApiRefusalsTest {

    private static final String LITELLM = "/apis/apps/v1/namespaces/litellm/deployments/litellm";

    @TempDir
    Path tmp;

    private KubernetesMockServer server;
    private Map<ServerRequest, Queue<ServerResponse>> responses;
    private KubernetesClient client;
    private Store store;

    @BeforeEach
    void start() throws Exception {
        responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        Deployment litellm = new DeploymentBuilder().withNewMetadata().withName("litellm").withNamespace("litellm").endMetadata()
                .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", "litellm").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "litellm").endMetadata()
                .withNewSpec().addNewContainer().withName("litellm").withImage("litellm").endContainer().endSpec().endTemplate()
                .endSpec().build();
        client.apps().deployments().inNamespace("litellm").resource(litellm).create();
        store = Store.open(tmp.resolve("pitcrew.db"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private Outcome scaleLitellm() {
        Platform platform = new Platform(PitcrewConfig.runbookDefaults(), region -> client, Instant.now());
        return new SafePath(platform, store.audit(), "alice", Duration.ofSeconds(5), s -> {}, Clock.systemUTC())
                .run(Actions.byId("scale-litellm").orElseThrow(), new Parameters(Map.of("replicas", "6")), true, OptionalLong.empty());
    }

    @Test
    void aForbiddenWriteNamesTheVerbResourceAndNamespace() {
        server.expect().put().withPath(LITELLM).andReturn(403, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
                 "message":"deployments.apps \\"litellm\\" is forbidden: User \\"alice\\" cannot update resource \\"deployments\\" in API group \\"apps\\" in the namespace \\"litellm\\""}
                """).always();

        Outcome o = scaleLitellm();

        assertThat(o.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(o.detail()).startsWith("forbidden: pitcrew needs permission to update deployments.apps in namespace litellm "
                + "(region us-east-2, context us-east-2)")
                .contains("User \"alice\" cannot update resource")
                .contains("kubectl auth can-i update deployments.apps -n litellm --context us-east-2");
        assertThat(client.apps().deployments().inNamespace("litellm").withName("litellm").get().getSpec().getReplicas()).isEqualTo(4);
        AuditEntry row = store.audit().latest(1).getFirst();
        assertThat(row.result()).isEqualTo("failed");
        assertThat(row.detail()).startsWith("forbidden:");
    }

    @Test
    void aForbiddenReadIsNamedToo() {
        server.expect().get().withPath(LITELLM).andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}").always();

        Outcome o = scaleLitellm();

        assertThat(o.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(o.detail()).startsWith("forbidden: pitcrew needs permission to get deployments.apps in namespace litellm");
    }

    @Test
    void conflictsThatNeverEndAreNeverOverwritten() {
        server.expect().put().withPath(LITELLM).andReturn(409, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409,"message":"the object has been modified"}
                """).always();

        Outcome o = scaleLitellm();

        assertThat(o.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(o.detail()).contains("kept changing").contains("5 conflicts").contains("nothing was overwritten");
        assertThat(client.apps().deployments().inNamespace("litellm").withName("litellm").get().getSpec().getReplicas()).isEqualTo(4);
    }
}
