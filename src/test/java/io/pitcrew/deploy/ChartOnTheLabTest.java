package io.pitcrew.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.pitcrew.lab.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.pitcrew.deploy.Chart.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's objects on a Kubernetes API server, the lab's (Fabric8's mock server in CRUD mode, with the lab's
 * discovery in front), created from Helm's rendering as {@code helm install} or {@code kubectl create -f} of the
 * rendered manifests creates them, and read back as they were written. Not {@code helm install} itself: Helm writes
 * its release record (a Secret) in Kubernetes' protobuf encoding, which the mock server cannot read (it answers 500).
 */
@Tag("chart")
class ChartOnTheLabTest {

    /** Every optional part on: both ingresses, the ServiceMonitor, the fix Roles, replicas with a Lease, a database, the other regions. */
    static final String EVERYTHING = """
            serve: {replicaCount: 2, lease: {enabled: true}}
            database: {existingSecret: pitcrew-db}
            kubeconfig: {existingSecret: pitcrew-regions}
            serviceAccount: {awsRoleArn: "arn:aws:iam::111122223333:role/pitcrew", tokenSecret: true}
            rbac:
              fix: {enabled: true}
            ingress:
              status: {enabled: true, host: status.workshop.test}
              dashboard: {enabled: true, host: pitcrew.internal.test}
            serviceMonitor: {enabled: true}
            """;

    static final KubernetesSerialization JSON = new KubernetesSerialization();

    @TempDir
    static Path tmp;
    static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.start(tmp.resolve("lab"), null, 2);
    }

    @AfterAll
    static void down() {
        lab.close();
    }

    @Test
    void theRenderedManifestsAppliedAreReadBackAsWritten() throws Exception {
        List<HasMetadata> objects = Manifests.objects(Chart.template(Files.writeString(tmp.resolve("everything.yaml"), EVERYTHING), values()));
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ConfigMap", "ServiceAccount",
                "Secret", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "ServiceMonitor", "ClusterRole", "ClusterRoleBinding",
                "Role", "RoleBinding");

        try (KubernetesClient admin = LabAdmin.client(lab, "eu-west-2")) {
            for (HasMetadata o : objects) admin.resource(o).create();

            List<String> differ = new ArrayList<>();
            for (HasMetadata o : objects) {
                HasMetadata back = admin.resource(o).get();
                if (back == null) differ.add(Manifests.name(o) + ": not found");
                else if (!written(back).equals(written(o))) differ.add(Manifests.name(o) + ":\n" + written(o) + "\n" + written(back));
            }
            assertThat(differ).isEmpty();
        }
    }

    /** What was written of an object: all of it but what the API server fills in. */
    private static JsonNode written(HasMetadata o) {
        ObjectNode node = (ObjectNode) JsonMapper.builder().build().readTree(JSON.asJson(o));
        ObjectNode meta = (ObjectNode) node.path("metadata");
        meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"));
        node.remove("status");
        return node;
    }
}
