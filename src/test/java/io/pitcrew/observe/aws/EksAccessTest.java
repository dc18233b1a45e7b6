package io.pitcrew.observe.aws;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An EKS cluster reached as an in-cluster serve reaches the proxy regions: DescribeCluster at {@link FakeAws} gives the
 * endpoint (here a loopback API server that records what it is sent), the token is signed from the credentials the
 * SDK's order finds, sent on every request, and made again once it is {@link EksToken#REFRESH} old.
 */
class EksAccessTest {

    @TempDir
    Path home;
    private FakeAws aws;
    private HttpServer apiServer;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, String> variables = new HashMap<>();
    private Instant now = Instant.parse("2026-12-04T20:00:00Z");
    private final Clock clock = new Clock() {
        public ZoneOffset getZone() { return ZoneOffset.UTC; }
        public Clock withZone(ZoneId zone) { return this; }
        public Instant instant() { return now; }
    };

    @BeforeEach
    void start() throws IOException {
        aws = new FakeAws();
        apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        apiServer.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (exchange) { exchange.getResponseBody().write(body); }
        });
        apiServer.start();
        aws.eksEndpoints.put("coder-usw2", "http://127.0.0.1:" + apiServer.getAddress().getPort());
        aws.eksCaData = "";
        variables.put("HOME", home.toString());
        variables.put("AWS_ACCESS_KEY_ID", "AKIAEKSEXAMPLE000001");
        variables.put("AWS_SECRET_ACCESS_KEY", "eks-secret-key-0123456789");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nservices = local\n" + noInstanceMetadata() + aws.servicesSection("local"));
    }

    @AfterEach
    void stop() {
        aws.close();
        apiServer.stop(0);
    }

    private EksAccess access() {
        return new EksAccess(new AwsEnvironment(variables, Map.of()), Duration.ofSeconds(5), clock);
    }

    @Test
    void theClusterIsReachedAtTheEndpointEksDescribesWithATokenSignedForIt() {
        Config config = access().clientConfig("coder-usw2", "us-west-2");

        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(client.namespaces().list().getItems()).isEmpty();
        }
        assertThat(aws.to("/clusters/coder-usw2")).hasSize(1);
        assertThat(aws.to("/clusters/").getFirst().header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIAEKSEXAMPLE000001/").contains("/us-west-2/eks/aws4_request");
        assertThat(authorizations).hasSize(1);
        String token = authorizations.getFirst().substring("Bearer ".length());
        URI presigned = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(EksToken.PREFIX.length())), StandardCharsets.UTF_8));
        assertThat(token).startsWith(EksToken.PREFIX);
        assertThat(presigned.getHost()).isEqualTo("sts.us-west-2.amazonaws.com");
        assertThat(presigned.getRawQuery()).contains("X-Amz-Credential=AKIAEKSEXAMPLE000001%2F20261204%2Fus-west-2%2Fsts%2Faws4_request")
                .contains("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id");
    }

    @Test
    void theTokenIsKeptWhileYoungAndSignedAgainBeforeEksWouldRefuseIt() {
        Config config = access().clientConfig("coder-usw2", "us-west-2");
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            client.namespaces().list();
            now = now.plus(Duration.ofMinutes(9));
            client.namespaces().list();
            now = now.plus(Duration.ofMinutes(2)); // 11 minutes after the first: EKS takes a token for 15
            client.namespaces().list();
        }
        assertThat(authorizations).hasSize(3);
        assertThat(authorizations.get(1)).isEqualTo(authorizations.get(0));
        assertThat(authorizations.get(2)).isNotEqualTo(authorizations.get(0)).startsWith("Bearer " + EksToken.PREFIX);
    }

    @Test
    void aClusterEksDoesNotKnowIsSaidWithWhatToCheck() {
        assertThatThrownBy(() -> access().clientConfig("coder-typo", "us-west-2"))
                .isInstanceOf(EksAccess.Unreachable.class)
                .hasMessageContaining("EKS refused DescribeCluster coder-typo in us-west-2")
                .hasMessageContaining("No cluster found for name: coder-typo")
                .hasMessageContaining("fix: check the cluster's name and region");
    }

    @Test
    void withoutCredentialsTheClusterIsUnreachableSayingWhatWasTried() {
        variables.remove("AWS_ACCESS_KEY_ID");
        variables.remove("AWS_SECRET_ACCESS_KEY");

        assertThatThrownBy(() -> access().clientConfig("coder-usw2", "us-west-2"))
                .isInstanceOf(EksAccess.Unreachable.class)
                .hasMessageStartingWith("EKS cluster coder-usw2: no AWS credentials")
                .hasMessageNotContaining("eks-secret-key");
        assertThat(aws.to("/clusters/")).isEmpty();
    }

    private static String noInstanceMetadata() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "ec2_metadata_service_endpoint = http://127.0.0.1:" + s.getLocalPort() + "\n";
        }
    }
}
