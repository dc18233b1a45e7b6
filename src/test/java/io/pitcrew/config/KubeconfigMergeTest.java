package io.pitcrew.config;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.redact.Credentials;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A KUBECONFIG list merged as kubectl merges it (client-go's ClientConfigLoadingRules.Load). */
class KubeconfigMergeTest {

    @TempDir
    Path dir;

    /** File 1: the "shared" context and "shared-user", no current-context. */
    private static final String FIRST = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared
              cluster: {server: "https://first.example:6443"}
            contexts:
            - name: shared
              context: {cluster: shared, user: shared-user, namespace: first-ns}
            users:
            - name: shared-user
              user: {token: first-file-token-1234}
            """;

    /**
     * File 2: the same names again (shadowed: none of it may be used, not even fields file 1 does not set), and alone
     * the "west" context, whose cluster and user refer to files next to file 2; the first current-context.
     */
    private static final String SECOND = """
            apiVersion: v1
            kind: Config
            current-context: west
            clusters:
            - name: shared
              cluster: {server: "https://second.example:6443", proxy-url: "http://proxy.second.example:3128"}
            - name: west
              cluster:
                server: "https://west.example:6443"
                certificate-authority: certs/ca.crt
            contexts:
            - name: shared
              context: {cluster: shared, user: shared-user, namespace: second-ns}
            - name: west
              context: {cluster: west, user: west-user}
            users:
            - name: shared-user
              user: {token: second-file-token-5678, username: second, password: second-password}
            - name: west-user
              user:
                client-certificate: certs/client.crt
                client-key: certs/client.key
                tokenFile: secrets/token
            """;

    /** File 3: another current-context, which must not win over file 2's. */
    private static final String THIRD = """
            apiVersion: v1
            kind: Config
            current-context: shared
            """;

    @Test
    void theFirstFileToDefineANameWinsAndPathsAreRelativeToTheirOwnFile() throws IOException {
        Path one = write("one/config", FIRST);
        Path two = write("two/config", SECOND);
        write("two/certs/ca.crt", "ca");
        write("two/certs/client.crt", "cert");
        write("two/certs/client.key", "key");
        write("two/secrets/token", "west-token-from-file-9876\n");
        Path three = write("three/config", THIRD);

        Kubeconfig kc = Kubeconfig.read(locate(one, dir.resolve("missing/config"), two, three));

        assertThat(kc.files()).containsExactly(one, two, three);
        assertThat(kc.contexts()).containsExactly("shared", "west");
        assertThat(kc.currentContext()).contains("west");

        Config shared = kc.clientConfig("shared");
        assertThat(shared.getMasterUrl()).isEqualTo("https://first.example:6443/");
        assertThat(shared.getNamespace()).isEqualTo("first-ns");
        assertThat(shared.getAutoOAuthToken()).isEqualTo("first-file-token-1234");
        // nothing of file 2's shared-user or shared cluster, though file 1's does not set these fields
        assertThat(shared.getUsername()).isNull();
        assertThat(shared.getPassword()).isNull();
        assertThat(shared.getHttpsProxy()).isNull();

        Config west = kc.clientConfig("west");
        assertThat(west.getMasterUrl()).isEqualTo("https://west.example:6443/");
        assertThat(west.getCaCertFile()).isEqualTo(dir.resolve("two/certs/ca.crt").toString());
        assertThat(west.getClientCertFile()).isEqualTo(dir.resolve("two/certs/client.crt").toString());
        assertThat(west.getClientKeyFile()).isEqualTo(dir.resolve("two/certs/client.key").toString());
        // Fabric8 does not read tokenFile itself; pitcrew hands it the file's token, from file 2's directory
        assertThat(west.getOauthTokenProvider()).isNotNull();
        assertThat(west.getOauthTokenProvider().getToken()).isEqualTo("west-token-from-file-9876");
    }

    @Test
    void theCredentialsOfTheMergedUsersAreKnownAsSent() throws IOException {
        Path one = write("one/config", FIRST);
        Path two = write("two/config", SECOND);
        write("two/secrets/token", "west-token-from-file-9876\n");

        Kubeconfig.read(locate(one, two));

        assertThat(Credentials.hideSent("a: first-file-token-1234 b: west-token-from-file-9876"))
                .isEqualTo("a: " + Credentials.MARK + " b: " + Credentials.MARK);
    }

    @Test
    void aContextOfTheSecondFileMayUseAClusterAndUserOfTheFirst() throws IOException {
        Path one = write("one/config", FIRST);
        Path two = write("two/config", """
                contexts:
                - name: alias
                  context: {cluster: shared, user: shared-user}
                """);

        Config alias = Kubeconfig.read(locate(one, two)).clientConfig("alias");

        assertThat(alias.getMasterUrl()).isEqualTo("https://first.example:6443/");
        assertThat(alias.getAutoOAuthToken()).isEqualTo("first-file-token-1234");
    }

    @Test
    void anExecPluginNamedByARelativePathRunsFromItsFilesDirectory() throws IOException {
        Path one = write("one/config", FIRST);
        Path two = write("two/config", """
                clusters:
                - name: eks
                  cluster: {server: "https://eks.example"}
                contexts:
                - name: eks
                  context: {cluster: eks, user: eks}
                users:
                - name: eks
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: bin/get-token
                      args: [eks]
                """);
        Path plugin = write("two/bin/get-token", """
                #!/bin/sh
                echo '{"apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential", "status": {"token": "k8s-aws-v1.plugin-token-for-'"$1"'"}}'
                """);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));

        Config eks = Kubeconfig.read(locate(one, two)).clientConfig("eks");

        assertThat(eks.getOauthTokenProvider()).isNotNull();
        assertThat(eks.getOauthTokenProvider().getToken()).isEqualTo("k8s-aws-v1.plugin-token-for-eks");
    }

    @Test
    void theClientSendsTheTokenOfATokenFileAndOfAnExecPlugin() throws IOException {
        List<String> sent = new CopyOnWriteArrayList<>();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/version", exchange -> {
            sent.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"major\": \"1\", \"minor\": \"31\", \"gitVersion\": \"v1.31.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try {
            String server = "http://127.0.0.1:" + api.getAddress().getPort();
            Path file = write("two/config", """
                    clusters:
                    - name: api
                      cluster: {server: "%s"}
                    contexts:
                    - name: by-file
                      context: {cluster: api, user: by-file}
                    - name: by-plugin
                      context: {cluster: api, user: by-plugin}
                    users:
                    - name: by-file
                      user: {tokenFile: token}
                    - name: by-plugin
                      user:
                        exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./get-token}
                    """.formatted(server));
            write("two/token", "file-token-abcdef\n");
            Path plugin = write("two/get-token", """
                    #!/bin/sh
                    echo '{"apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential", "status": {"token": "plugin-token-abcdef"}}'
                    """);
            Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
            Kubeconfig kc = Kubeconfig.read(file);

            for (String context : List.of("by-file", "by-plugin")) {
                try (KubernetesClient client = new KubernetesClientBuilder().withConfig(kc.clientConfig(context)).build()) {
                    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.31.0");
                }
            }

            assertThat(sent).containsExactly("Bearer file-token-abcdef", "Bearer plugin-token-abcdef");
        } finally {
            api.stop(0);
        }
    }

    @Test
    void anEmptyFileInTheListIsAnEmptyKubeconfigAsForKubectl() throws IOException {
        Path empty = write("empty", "");
        Path one = write("one/config", FIRST);

        Kubeconfig kc = Kubeconfig.read(locate(empty, one));

        assertThat(kc.contexts()).containsExactly("shared");
    }

    @Test
    void anInvalidFileInTheListIsAnErrorNamingItAndItsLine() throws IOException {
        Path one = write("one/config", FIRST);
        Path broken = write("two/config", "apiVersion: v1\ncontexts:\n- name: a\n  context: {cluster: [\n");

        Problem p = problem(() -> Kubeconfig.read(locate(one, broken)));

        assertThat(p.source()).isEqualTo(broken.toString());
        assertThat(p.line()).isPositive();
        assertThat(p.message()).startsWith("not valid YAML");
    }

    @Test
    void aFieldOfTheWrongTypeIsPlacedAtItsLine() throws IOException {
        Problem p = problemReading("""
                apiVersion: v1
                clusters:
                - name: a
                  cluster:
                    server: https://a.example
                    insecure-skip-tls-verify: [yes, please]
                """);

        assertThat(p.line()).isEqualTo(6);
        assertThat(p.path()).isEqualTo("clusters[0].cluster.insecure-skip-tls-verify");
        assertThat(p.message()).startsWith("not a kubeconfig Fabric8 can read");
    }

    @Test
    void aNameGivenTwiceInOneFileIsAnErrorAsForKubectl() throws IOException {
        Problem p = problemReading("contexts:\n- name: a\n  context: {cluster: a}\n- name: a\n  context: {cluster: b}\n");

        assertThat(p.render()).startsWith(dir.resolve("config") + ":4: contexts[1].name: 'a' is named twice in contexts "
                + "(also contexts[0], line 2)");
    }

    @Test
    void aRegionsContextNamingAClusterTheKubeconfigLacksIsSaid() throws IOException {
        Path file = write("config", """
                contexts:
                - name: us-east-2
                  context: {cluster: gone, user: u}
                """);
        Region region = new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com");

        List<Problem> problems = Kubeconfig.read(file).missingContexts(List.of(region), Optional.empty(), ContextOverrides.NONE);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("region us-east-2");
            assertThat(p.message()).isEqualTo("context 'us-east-2' names cluster 'gone', which is not in the kubeconfig (file: "
                    + file + "; it has no clusters)");
        });
    }

    private Problem problemReading(String kubeconfig) throws IOException {
        Path file = write("config", kubeconfig);
        return problem(() -> Kubeconfig.read(file));
    }

    private static Problem problem(ThrowingCallable call) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, call);
        assertThat(e).isNotNull();
        return e.problems().getFirst();
    }

    private KubeconfigSources locate(Path... files) {
        String list = String.join(":", Arrays.stream(files).map(Path::toString).toList());
        return new KubeconfigLocator(Map.of("KUBECONFIG", list), dir.resolve("home")).locate(Optional.empty());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
