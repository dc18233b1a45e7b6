package io.pitcrew.reliability;

import com.sun.net.httpserver.HttpServer;
import io.pitcrew.observe.aws.AwsEnvironment;
import io.pitcrew.observe.registry.EcrLogin;
import io.pitcrew.observe.registry.EcrPassword;
import io.pitcrew.reliability.FaultyProxy.Dialect;
import io.pitcrew.reliability.FaultyProxy.Fault;
import io.pitcrew.reliability.FaultyProxy.Options;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECR's GetAuthorizationToken (the mirror's 12-hour pull password, read when pitcrew.yaml gives the mirror none)
 * faulted: the read ends within the timeout and a second, and a fault is a password withheld with a reason in plain
 * words — never an exception or a password made of a broken answer. Rows go to
 * {@code target/reliability/ecr-faults.md}; {@code -Dpitcrew.faults=all} runs every fault, the default four.
 */
class EcrFaultsTest {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final List<String> ROWS = new ArrayList<>();

    @TempDir
    Path home;

    static Stream<Arguments> cases() {
        boolean all = "all".equals(System.getProperty("pitcrew.faults"));
        Set<Fault> faults = all ? EnumSet.complementOf(EnumSet.of(Fault.E410)) : EnumSet.of(Fault.E503, Fault.E403, Fault.E429, Fault.MALFORMED);
        return Stream.concat(all ? Stream.of(Arguments.of((Object) null)) : Stream.empty(), faults.stream().map(Arguments::of));
    }

    @AfterAll
    static void write() throws IOException {
        Path out = Path.of("target", "reliability", "ecr-faults.md");
        Files.createDirectories(out.getParent());
        Files.write(out, ROWS.stream().sorted().toList());
    }

    /** @param fault null: ECR's port refuses connections */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFaultedEcrWithholdsThePasswordAndSaysWhy(Fault fault) throws IOException {
        HttpServer ecr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        ecr.createContext("/", x -> {
            try (x) {
                String token = Base64.getEncoder().encodeToString("AWS:ecr-password-from-aws".getBytes(StandardCharsets.UTF_8));
                byte[] body = ("{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":1.7648E9}]}")
                        .getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        ecr.start();
        try (FaultyProxy proxy = new FaultyProxy(URI.create("http://127.0.0.1:" + ecr.getAddress().getPort()), fault, t -> true,
                Options.of(Dialect.JSON))) {
            String endpoint = fault == null ? "http://127.0.0.1:" + DoctorRun.closedPort() : proxy.url();
            Files.createDirectories(home.resolve(".aws"));
            Files.writeString(home.resolve(".aws/config"), "[default]\nendpoint_url = " + endpoint + "\n");
            long start = System.nanoTime();
            EcrPassword answer = EcrLogin.login("us-east-2", new AwsEnvironment(Map.of("HOME", home.toString(),
                    "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret-key-0123456789"), Map.of()), TIMEOUT);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            String said = switch (answer) {
                case EcrPassword.Granted g -> "granted";
                case EcrPassword.Unavailable u -> "withheld: " + u.reason();
            };
            ROWS.add("| ECR GetAuthorizationToken | " + (fault == null ? "connection refused" : fault.label) + " | "
                    + said.replace("|", "\\|").replaceAll("127\\.0\\.0\\.1:\\d+", "…") + " | " + String.format("%.1f s", took.toMillis() / 1000.0) + " |");
            assertThat(took).as("the read's time").isLessThan(TIMEOUT.plusSeconds(1));
            boolean answeredInTime = fault == Fault.HUGE;
            if (!answeredInTime) assertThat(answer).as(said).isInstanceOf(EcrPassword.Unavailable.class);
            assertThat(said).as("plain words").doesNotContain("\tat ").doesNotContain("secret-key");
            // a 429 to every try is said as the throttling it is, not as the timeout the SDK's waits between tries ran into
            if (fault == Fault.E429 || fault == Fault.E429_RETRY_AFTER) {
                assertThat(said).startsWith("withheld: ECR is throttling GetAuthorizationToken").contains("fix: wait");
            }
        } finally {
            ecr.stop(0);
        }
    }
}
