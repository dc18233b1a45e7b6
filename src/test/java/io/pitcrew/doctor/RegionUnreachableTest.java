package io.pitcrew.doctor;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A region that cannot be read is a finding that says why, and never stops the other regions. */
class RegionUnreachableTest {

    @TempDir
    Path dir;

    private KubernetesMockServer healthy;
    private ServerSocket silent;
    private HttpServer rejecting;

    @BeforeEach
    void servers() throws Exception {
        healthy = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), false);
        healthy.init(InetAddress.getByName("127.0.0.1"), 0);
        try (var client = healthy.createClient()) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().build()).create();
        }
        // Accepts connections and never answers: a hung API server.
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        // Answers everything with 401, like an API server given an expired token.
        rejecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rejecting.createContext("/", exchange -> {
            byte[] body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        rejecting.start();
    }

    @AfterEach
    void stop() throws Exception {
        healthy.destroy();
        silent.close();
        rejecting.stop(0);
    }

    @Test
    void eachUnreachableRegionSaysWhyAndTheHealthyOneIsStillRead() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) { closedPort = s.getLocalPort(); }
        Map<String, String> servers = new LinkedHashMap<>();
        servers.put("us-east-2", "http://127.0.0.1:" + healthy.getPort());
        servers.put("us-west-2", "http://127.0.0.1:" + silent.getLocalPort());
        servers.put("eu-west-2", "http://127.0.0.1:" + closedPort);
        servers.put("ap-south-1", "http://127.0.0.1:" + rejecting.getAddress().getPort());
        Path kubeconfig = KubeconfigFixture.write(dir, servers);

        // Long enough for a loaded CI machine to read the healthy region; the hung one costs exactly this.
        Thresholds fast = Thresholds.defaults().withRegionTimeout(Duration.ofSeconds(5));
        PitcrewConfig config = new PitcrewConfig(List.of(
                new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com"),
                new Region("us-west-2", "us-west-2", Region.Role.PROXY, "oregon-proxy.ai.coder.com"),
                new Region("eu-west-2", "eu-west-2", Region.Role.PROXY, "emea-proxy.ai.coder.com"),
                new Region("ap-south-1", "ap-south-1", Region.Role.PROXY, "apac-proxy.ai.coder.com")),
                Names.defaults(), fast, Optional.empty());

        DoctorReport report = new Doctor(config, Doctor.loadRunbook(Optional.empty()))
                .run(Kubeconfig.read(kubeconfig), config.regions(), o -> {});

        assertThat(report.regions()).extracting(RegionStatus::name, RegionStatus::status).containsExactly(
                Tuple.tuple("us-east-2", "ok"),
                Tuple.tuple("us-west-2", "unreachable"),
                Tuple.tuple("eu-west-2", "unreachable"),
                Tuple.tuple("ap-south-1", "unreachable"));
        assertThat(report.regions().get(0).nodes()).isEqualTo(1);
        // the one region read is an empty cluster: nothing runs coderd or CoreDNS there, and doctor says so
        assertThat(report.findings()).filteredOn(f -> f.regions().contains("us-east-2")).extracting(Finding::cause)
                .containsExactlyInAnyOrder("coderd-down", "coredns-down");
        List<Finding> unreachable = report.findings().stream().filter(f -> !f.regions().contains("us-east-2")).toList();
        assertThat(unreachable).allSatisfy(f -> {
            assertThat(f.incidentType()).isEqualTo("region-unreachable");
            assertThat(f.severity()).isEqualTo(Severity.P1);
        });
        assertThat(unreachable).extracting(Finding::cause, f -> f.regions().get(0)).containsExactlyInAnyOrder(
                Tuple.tuple("timeout", "us-west-2"),
                Tuple.tuple("connection-refused", "eu-west-2"),
                Tuple.tuple("credentials-rejected", "ap-south-1"));
        assertThat(report.findings()).filteredOn(f -> f.cause().equals("credentials-rejected"))
                .singleElement().satisfies(f -> assertThat(f.evidence().get(0).detail()).contains("401"));
    }
}
