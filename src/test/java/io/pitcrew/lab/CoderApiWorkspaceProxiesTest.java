package io.pitcrew.lab;

import io.pitcrew.observe.coder.CoderClient;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.WorkspaceProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CoderClient} against {@link LabCoderApi} over real HTTP, and against ports that refuse or stay silent. */
class CoderApiWorkspaceProxiesTest {

    private static final String TOKEN = "s3cr3t-tok3n-8c1f2e";
    private static final Duration TIMEOUT = Duration.ofMillis(800);

    private static LabCoderApi coder;

    @BeforeAll
    static void start() {
        coder = LabCoderApi.start(TOKEN);
    }

    @AfterAll
    static void stop() {
        coder.close();
    }

    @BeforeEach
    void reset() {
        coder.reset();
    }

    private static CoderClient client(String token) {
        return new CoderClient(URI.create(coder.url()), token, TIMEOUT);
    }

    @Test
    void healthyDeploymentListsThreeRegionsPrimaryFirst() {
        CoderAnswer<List<WorkspaceProxy>> result = client(TOKEN).workspaceProxies();

        assertThat(result).isInstanceOf(CoderAnswer.Answered.class);
        List<WorkspaceProxy> regions = ((CoderAnswer.Answered<List<WorkspaceProxy>>) result).value();
        assertThat(regions).extracting(WorkspaceProxy::name).containsExactly("primary", "oregon", "emea");
        assertThat(regions).allSatisfy(r -> {
            assertThat(r.healthy()).isTrue();
            assertThat(r.status()).isEqualTo("ok");
            assertThat(r.errors()).isEmpty();
            assertThat(r.version()).isEqualTo(LabCoderApi.VERSION);
        });
        assertThat(regions.get(0).pathAppUrl()).isEqualTo("https://ai.coder.com");
        assertThat(regions.get(0).wildcardHostname()).isEqualTo("*.ai.coder.com");
        assertThat(regions.get(1).pathAppUrl()).isEqualTo("https://oregon-proxy.ai.coder.com");
        assertThat(regions.get(1).wildcardHostname()).isEqualTo("*.oregon-proxy.ai.coder.com");
        assertThat(regions.get(2).pathAppUrl()).isEqualTo("https://emea-proxy.ai.coder.com");
        assertThat(regions.get(2).wildcardHostname()).isEqualTo("*.emea-proxy.ai.coder.com");
    }

    @Test
    void unhealthyProxyShowsCoderdsVerdictAndItsError() {
        String error = "request to proxy failed: Get \"https://oregon-proxy.ai.coder.com/healthz-report\": dial tcp: i/o timeout";
        coder.setProxy("oregon", false, "unreachable", List.of(error));

        List<WorkspaceProxy> regions = ((CoderAnswer.Answered<List<WorkspaceProxy>>) client(TOKEN).workspaceProxies()).value();

        WorkspaceProxy oregon = regions.get(1);
        assertThat(oregon.name()).isEqualTo("oregon");
        assertThat(oregon.healthy()).isFalse();
        assertThat(oregon.status()).isEqualTo("unreachable");
        assertThat(oregon.errors()).containsExactly(error);
        assertThat(regions.get(0).healthy()).isTrue();
        assertThat(regions.get(2).healthy()).isTrue();

        coder.reset();
        assertThat(((CoderAnswer.Answered<List<WorkspaceProxy>>) client(TOKEN).workspaceProxies()).value()).allMatch(WorkspaceProxy::healthy);
    }

    @Test
    void wrongTokenIsRejectedWithCodersMessageAndNoTokenAnywhere() {
        String wrong = "wr0ng-t0ken-77aa";
        CoderClient c = client(wrong);
        CoderAnswer<List<WorkspaceProxy>> result = c.workspaceProxies();

        assertThat(result).isEqualTo(new CoderAnswer.Rejected<>(401,
                "You are signed out or your session has expired. Please sign in again to continue."));
        assertThat(result.toString()).doesNotContain(wrong).doesNotContain(TOKEN);
        assertThat(c.toString()).doesNotContain(wrong);
        assertThat(coder.toString()).doesNotContain(TOKEN);
        assertThat(client(TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void badTokenIsRefusedWithoutEchoingIt() {
        String bad = "line\nbreak-secret";
        assertThatThrownBy(() -> new CoderClient(URI.create(coder.url()), bad, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("break-secret");
    }

    @Test
    void tokenNeverAppearsInUnreachableResults() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CoderAnswer<List<WorkspaceProxy>> result = new CoderClient(URI.create("http://127.0.0.1:" + port), TOKEN, TIMEOUT).workspaceProxies();
        assertThat(result.toString()).doesNotContain(TOKEN);
    }

    @Test
    void closedPortIsConnectionRefusedAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        CoderAnswer<List<WorkspaceProxy>> result = new CoderClient(URI.create("http://127.0.0.1:" + port), TOKEN, TIMEOUT).workspaceProxies();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result).isInstanceOfSatisfying(CoderAnswer.Unreachable.class,
                u -> assertThat(((CoderAnswer.Unreachable<?>) u).reason()).isEqualTo("connection-refused"));
        assertThat(took).isLessThan(TIMEOUT);
    }

    @Test
    void serverThatNeverAnswersTimesOutWithinTheTimeout() throws Exception {
        // the kernel completes the handshake from the backlog; nobody ever reads or writes
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            CoderAnswer<List<WorkspaceProxy>> result = new CoderClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()), TOKEN, TIMEOUT)
                    .workspaceProxies();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result).isInstanceOfSatisfying(CoderAnswer.Unreachable.class,
                    u -> assertThat(((CoderAnswer.Unreachable<?>) u).reason()).isEqualTo("timeout"));
            assertThat(took).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.plusSeconds(2));
        }
    }

    @Test
    void healthzAndBuildInfoNeedNoToken() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> healthz = http.send(HttpRequest.newBuilder(URI.create(coder.url() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(healthz.statusCode()).isEqualTo(200);
        assertThat(healthz.body()).isEqualTo("OK");

        HttpResponse<String> build = http.send(HttpRequest.newBuilder(URI.create(coder.url() + "/api/v2/buildinfo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(build.statusCode()).isEqualTo(200);
        assertThat(build.body()).contains("\"version\":\"" + LabCoderApi.VERSION + "\"");
    }

    @Test
    void setProxyRejectsUnknownRegionOrStatus() {
        assertThatThrownBy(() -> coder.setProxy("mars", false, "unreachable", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> coder.setProxy("oregon", false, "down", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
