package io.pitcrew.observe.registry;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pitcrew.observe.aws.AwsEnvironment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GetAuthorizationToken over ECR's real wire format (AWS JSON 1.1), against a local server that the profile's
 * {@code endpoint_url} names, with keys from the environment.
 */
class EcrLoginTest {

    @TempDir
    Path home;

    private HttpServer ecr;
    private final AtomicReference<String> target = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String token = Base64.getEncoder().encodeToString("AWS:ecr-password-from-aws".getBytes(StandardCharsets.UTF_8));

    @BeforeEach
    void start() throws Exception {
        ecr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ecr.createContext("/", exchange -> {
            target.set(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (status == 200
                    ? "{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":1.7648E9,"
                            + "\"proxyEndpoint\":\"https://123456789012.dkr.ecr.us-east-2.amazonaws.com\"}]}"
                    : "{\"__type\":\"AccessDeniedException\",\"message\":\"User is not authorized to perform: ecr:GetAuthorizationToken\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ecr.start();
    }

    @AfterEach
    void stop() {
        ecr.stop(0);
    }

    private EcrPassword login() throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nendpoint_url = http://127.0.0.1:" + ecr.getAddress().getPort() + "\n");
        return EcrLogin.login("us-east-2", new AwsEnvironment(Map.of("HOME", home.toString(), "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret-key-0123456789"), Map.of()), Duration.ofSeconds(5));
    }

    @Test
    void thePasswordIsTheTokenAfterAws() throws IOException {
        assertThat(login()).isEqualTo(new EcrPassword.Granted("ecr-password-from-aws"));
        assertThat(target.get()).isEqualTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
        assertThat(authorization.get()).startsWith("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/").contains("/us-east-2/ecr/aws4_request");
    }

    @Test
    void aTokenThatIsNotBase64OrNotAwsColonPasswordIsNoPasswordAndNeverShown() throws IOException {
        token = "not*base64*ecr-secret-value";
        assertThat(login()).isEqualTo(new EcrPassword.Unavailable("ECR's authorization token is not base64; fix: check"
                + " AWS_ENDPOINT_URL_ECR or the profile's endpoint_url: is it ECR?"));
        token = Base64.getEncoder().encodeToString("root:ecr-secret-value".getBytes(StandardCharsets.UTF_8));
        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("ECR answered GetAuthorizationToken without an AWS:<password> token").doesNotContain("ecr-secret-value"));
    }

    @Test
    void aDeniedCallIsNoPasswordThatSaysWhichPermission() throws IOException {
        status = 400;
        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason()).isEqualTo(
                "ECR refused GetAuthorizationToken to the credentials from environment: AccessDeniedException: User is not"
                        + " authorized to perform: ecr:GetAuthorizationToken; fix: allow ecr:GetAuthorizationToken to that identity"
                        + " (the AmazonEC2ContainerRegistryReadOnly policy has it)"));
    }

    @Test
    void anEcrThatDoesNotAnswerSaysSo() throws IOException {
        ecr.stop(0);
        assertThat(login()).isInstanceOfSatisfying(EcrPassword.Unavailable.class, u -> assertThat(u.reason())
                .startsWith("ECR did not answer GetAuthorizationToken: ").endsWith("; fix: can this machine reach api.ecr.us-east-2.amazonaws.com?"));
    }

    @Test
    void ecrHostsNameTheirRegion() {
        assertThat(EcrLogin.regionOf("123456789012.dkr.ecr.us-east-2.amazonaws.com")).contains("us-east-2");
        assertThat(EcrLogin.regionOf("ghcr.io")).isEmpty();
        assertThat(EcrLogin.regionOf("127.0.0.1:5000")).isEmpty();
    }
}
