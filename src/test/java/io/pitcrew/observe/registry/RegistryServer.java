package io.pitcrew.observe.registry;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real registry (CNCF distribution, Debian's {@code docker-registry}) on a free loopback port for one test class,
 * with its storage in a temp directory. Tests talk to it over the real wire, so what we assert about status codes,
 * error bodies and digests is what a registry actually does, not what we believe it does.
 *
 * <p>Missing binaries fail the test instead of skipping it: a skipped registry test would hide a broken client.
 */
public final class RegistryServer implements BeforeAllCallback, AfterAllCallback {

    private static final String INSTALL = "run .ci/deps/registry.sh (apt-get install docker-registry apache2-utils)";

    private final RegistryCredentials htpasswdUser;
    private Path dir;
    private Process process;
    private int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RegistryServer(RegistryCredentials htpasswdUser) {
        this.htpasswdUser = htpasswdUser;
    }

    public static RegistryServer open() {
        return new RegistryServer(null);
    }

    /** A registry behind {@code auth: htpasswd} (HTTP basic auth, bcrypt file) with this one user. */
    static RegistryServer withHtpasswd(RegistryCredentials user) {
        return new RegistryServer(user);
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String binary = onPath("docker-registry");
        dir = Files.createTempDirectory("pitcrew-registry");
        port = freePort();
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("data"), port));
        if (htpasswdUser != null) {
            Path htpasswd = dir.resolve("htpasswd");
            Files.writeString(htpasswd, bcryptLine(htpasswdUser));
            config.append("""
                    auth:
                      htpasswd:
                        realm: pitcrew-test
                        path: %s
                    """.formatted(htpasswd));
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config);
        Path log = dir.resolve("registry.log");
        process = new ProcessBuilder(binary, "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("docker-registry did not answer /v2/ in 20 s:\n" + Files.readString(log));
            Thread.sleep(50);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** A pusher for this registry, authenticated as the htpasswd user when there is one. */
    public ImagePusher pusher() {
        return new ImagePusher(http, "http://" + host(), htpasswdUser);
    }

    private static String bcryptLine(RegistryCredentials user) throws IOException, InterruptedException {
        String htpasswd = onPath("htpasswd");
        Process p = new ProcessBuilder(htpasswd, "-Bbn", user.username(), user.password()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) throw new IllegalStateException("htpasswd failed: " + out);
        return out + "\n";
    }

    static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new IllegalStateException(name + " not found on PATH; " + INSTALL);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
