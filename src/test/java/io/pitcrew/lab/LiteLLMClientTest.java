package io.pitcrew.lab;

import io.pitcrew.observe.litellm.LiteLLMAnswer;
import io.pitcrew.observe.litellm.LiteLLMAnswer.Refusal;
import io.pitcrew.observe.litellm.LiteLLMClient;
import io.pitcrew.observe.litellm.LiteLLMProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LiteLLMClient} against the lab's LiteLLM, which answers with the wire shapes of platform-apis.md. */
class LiteLLMClientTest {

    static final String KEY = "sk-lab-test-key-9f8e7d6c5b4a";
    static final String EXPIRED = "sk-lab-expired-key-1a2b3c4d";
    static LabLiteLLM server;

    @BeforeAll
    static void start() {
        server = LabLiteLLM.start(KEY, EXPIRED);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void healthy() {
        server.reset();
    }

    private static LiteLLMClient client(Optional<String> key) {
        return new LiteLLMClient(URI.create(server.url()), key, Duration.ofSeconds(5), Optional.empty());
    }

    @Test
    void aHealthyProxyIsReadyAliveAndItsModelsAnswer() {
        try (var c = client(Optional.of(KEY))) {
            LiteLLMProbe p = c.probe();
            assertThat(p.readiness()).isEqualTo(new LiteLLMAnswer.Up(200, "healthy, db connected, litellm 1.74.3"));
            assertThat(p.liveliness()).isEqualTo(new LiteLLMAnswer.Up(200, "I'm alive!"));
            assertThat(p.health()).get().isInstanceOfSatisfying(LiteLLMAnswer.Models.class, m -> {
                assertThat(m.healthy()).hasSize(2);
                assertThat(m.unhealthy()).isEmpty();
            });
        }
    }

    @Test
    void withoutAKeyHealthIsNotAsked() {
        try (var c = client(Optional.empty())) {
            assertThat(c.probe().health()).isEmpty();
            assertThat(c.probe().readiness()).isInstanceOf(LiteLLMAnswer.Up.class);
        }
    }

    @Test
    void readinessFailingIsA503WithFastApisDetail() {
        server.set(LabLiteLLM.State.READINESS_FAILING);
        try (var c = client(Optional.empty())) {
            assertThat(c.readiness()).isInstanceOfSatisfying(LiteLLMAnswer.Refused.class, r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.refusal()).isEqualTo(Refusal.UNAVAILABLE);
                assertThat(r.message()).startsWith("Service Unhealthy");
            });
        }
    }

    @Test
    void upstreamAuthenticationErrorsAreUnhealthyEndpointsWithTheProvidersError() {
        server.set(LabLiteLLM.State.UPSTREAM_AUTH_FAILING);
        try (var c = client(Optional.of(KEY))) {
            assertThat(c.health()).isInstanceOfSatisfying(LiteLLMAnswer.Models.class, m -> {
                assertThat(m.healthy()).isEmpty();
                assertThat(m.unhealthy()).extracting(LiteLLMAnswer.ModelEndpoint::error)
                        .allSatisfy(e -> assertThat(e).startsWith("litellm.AuthenticationError"));
                assertThat(m.unhealthy()).extracting(LiteLLMAnswer.ModelEndpoint::model).anySatisfy(n -> assertThat(n).startsWith("bedrock/"));
            });
        }
    }

    @Test
    void anUnknownKeyIsInvalidAndItsQuotedFragmentIsDropped() {
        String wrong = "sk-not-the-key-0000abcd";
        try (var c = client(Optional.of(wrong))) {
            LiteLLMAnswer a = c.health();
            assertThat(a).isInstanceOfSatisfying(LiteLLMAnswer.Refused.class, r -> {
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.refusal()).isEqualTo(Refusal.INVALID_KEY);
                assertThat(r.type()).isEqualTo("token_not_found_in_db");
                assertThat(r.message()).contains("Invalid proxy server token passed").doesNotContain("abcd");
            });
            assertThat(a.toString() + c).doesNotContain(wrong).doesNotContain("abcd");
        }
    }

    @Test
    void anExpiredKeyIsExpiredWhateverTheStatus() {
        try (var c = client(Optional.of(EXPIRED))) {
            assertThat(c.health()).isInstanceOfSatisfying(LiteLLMAnswer.Refused.class, r -> {
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.refusal()).isEqualTo(Refusal.EXPIRED_KEY);
                assertThat(r.message()).contains("Expired Key");
            });
        }
    }

    @Test
    void withoutAKeyHealthIsANoKeyRefusal() {
        try (var c = client(Optional.empty())) {
            // without a key the client does not ask /health (it costs real model calls) and says why
            assertThat(c.health()).isInstanceOfSatisfying(LiteLLMAnswer.Refused.class, r -> assertThat(r.refusal()).isEqualTo(Refusal.NO_KEY));
        }
    }

    @Test
    void rateLimitedIs429WithRetryAfter() {
        server.set(LabLiteLLM.State.KEY_RATE_LIMITED);
        try (var c = client(Optional.of(KEY))) {
            assertThat(c.health()).isInstanceOfSatisfying(LiteLLMAnswer.Refused.class, r -> {
                assertThat(r.status()).isEqualTo(429);
                assertThat(r.refusal()).isEqualTo(Refusal.RATE_LIMITED);
                assertThat(r.retryAfter()).contains(Duration.ofSeconds(7));
            });
        }
    }

    @Test
    void anUnknownRouteIsNotFound() {
        try (var c = new LiteLLMClient(URI.create(server.url() + "/nothing-here"), Optional.empty(), Duration.ofSeconds(5), Optional.empty())) {
            assertThat(c.readiness()).isInstanceOfSatisfying(LiteLLMAnswer.Refused.class, r -> {
                assertThat(r.status()).isEqualTo(404);
                assertThat(r.refusal()).isEqualTo(Refusal.NOT_FOUND);
                assertThat(r.message()).isEqualTo("Not Found");
            });
        }
    }

    @Test
    void nothingListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (var c = new LiteLLMClient(URI.create("http://127.0.0.1:" + port), Optional.of(KEY), Duration.ofSeconds(2), Optional.empty())) {
            LiteLLMProbe p = c.probe();
            assertThat(p.readiness()).isInstanceOfSatisfying(LiteLLMAnswer.Unreachable.class,
                    u -> assertThat(u.reason()).isEqualTo("connection-refused"));
            assertThat(p.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void aKeyThatCouldNotBeAHeaderIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new LiteLLMClient(URI.create(server.url()), Optional.of("sk-with space"), Duration.ofSeconds(1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("sk-with space");
    }

    @Test
    void theLabAnswersARequestWithoutAKeyAsLiteLLMDoes() throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"type\":\"auth_error\"").contains("\"code\":\"401\"").contains("No api key passed in");
    }
}
