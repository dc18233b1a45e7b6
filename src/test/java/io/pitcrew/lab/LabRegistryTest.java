package io.pitcrew.lab;

import io.pitcrew.observe.registry.DigestResult;
import io.pitcrew.image.ImageRef;
import io.pitcrew.observe.registry.RegistryClient;
import io.pitcrew.observe.registry.RegistryCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** pitcrew's own RegistryClient against both lab registry flavours, over real HTTP on 127.0.0.1. */
class LabRegistryTest {

    static final String PASSWORD = "lab-ecr-Pa55word-9c1e";
    static final String REPO = "coder/coder-preview";

    private LabRegistry upstream;
    private LabRegistry mirror;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        upstream = LabRegistry.upstream();
        mirror = LabRegistry.mirror(PASSWORD);
    }

    @AfterEach
    void stop() {
        upstream.close();
        mirror.close();
    }

    private static RegistryClient client(RegistryCredentials credentials) {
        return new RegistryClient(RegistryClient.Options.defaults().withTimeout(Duration.ofSeconds(5))
                .withRetryBackoff(Duration.ofMillis(10)).withCredentials(host -> Optional.ofNullable(credentials)));
    }

    private static RegistryClient anonymous() {
        return client(null);
    }

    private static RegistryClient aws(String password) {
        return client(new RegistryCredentials("AWS", password));
    }

    private static ImageRef ref(LabRegistry r, String repoAndTag) {
        return ImageRef.parse(r.host() + "/" + repoAndTag);
    }

    private HttpResponse<String> send(String method, String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) b.header("Authorization", authorization);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void upstreamDigestViaBearerFlowEqualsPutsDigest() {
        String digest = upstream.put(REPO, "v2.19.0", "seed-a");
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(anonymous().digest(ref(upstream, REPO + ":v2.19.0")))
                .isEqualTo(new DigestResult.Found(digest, "application/vnd.oci.image.manifest.v1+json"));
        // by digest too
        assertThat(anonymous().digest(ref(upstream, REPO + "@" + digest))).isInstanceOfSatisfying(DigestResult.Found.class,
                f -> assertThat(f.digest()).isEqualTo(digest));
    }

    @Test
    void putIsDeterministicAndGetServesTheBytesTheDigestIsOf() throws Exception {
        String digest = upstream.put(REPO, "a", "same-seed");
        try (LabRegistry other = LabRegistry.upstream()) {
            assertThat(other.put("x/y", "b", "same-seed")).isEqualTo(digest);
        }
        assertThat(upstream.put(REPO, "c", "other-seed")).isNotEqualTo(digest);

        String manifestUrl = "http://" + upstream.host() + "/v2/" + REPO + "/manifests/a";
        HttpResponse<String> bare = send("GET", manifestUrl, null);
        assertThat(bare.statusCode()).isEqualTo(401);
        assertThat(bare.headers().firstValue("Www-Authenticate")).contains("Bearer realm=\"http://" + upstream.host()
                + "/token\",service=\"ghcr.io\",scope=\"repository:" + REPO + ":pull\"");
        assertThat(bare.body()).contains("\"code\":\"UNAUTHORIZED\"");

        HttpResponse<String> token = send("GET", "http://" + upstream.host() + "/token?scope=repository:" + REPO + ":pull&service=ghcr.io", null);
        assertThat(token.statusCode()).isEqualTo(200);
        String t = token.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(token.body()).isEqualTo("{\"token\":\"" + t + "\",\"access_token\":\"" + t + "\"}");

        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(manifestUrl)).header("Authorization", "Bearer " + t).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(get.body()))).isEqualTo(digest);
        assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(digest);
        assertThat(get.headers().firstValue("Content-Length")).contains(Integer.toString(get.body().length));

        HttpResponse<String> head = send("HEAD", manifestUrl, "Bearer " + t);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(digest);
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/vnd.oci.image.manifest.v1+json"));
        assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(get.body().length));

        assertThat(send("GET", "http://" + upstream.host() + "/v2/", null).statusCode()).isEqualTo(401);
        HttpResponse<String> base = send("GET", "http://" + upstream.host() + "/v2/", "Bearer " + t);
        assertThat(base.statusCode()).isEqualTo(200);
        assertThat(base.body()).isEqualTo("{}");
        // a token for one repository does not open another
        upstream.put("other/repo", "a", "s");
        assertThat(send("GET", "http://" + upstream.host() + "/v2/other/repo/manifests/a", "Bearer " + t).statusCode()).isEqualTo(401);
        assertThat(send("GET", manifestUrl, "Bearer not-issued").statusCode()).isEqualTo(401);
    }

    @Test
    void mirrorWithTheRightPasswordIsFoundWrongOrNoneIsDenied() throws Exception {
        String digest = mirror.put(REPO, "v1", "seed-m");
        assertThat(aws(PASSWORD).digest(ref(mirror, REPO + ":v1"))).isEqualTo(new DigestResult.Found(digest, "application/vnd.oci.image.manifest.v1+json"));
        assertThat(aws("wrong").digest(ref(mirror, REPO + ":v1"))).isInstanceOfSatisfying(DigestResult.Denied.class, d -> {
            assertThat(d.status()).isEqualTo(401);
            assertThat(d.code()).isEqualTo("UNAUTHORIZED");
        });
        assertThat(anonymous().digest(ref(mirror, REPO + ":v1"))).isInstanceOf(DigestResult.Denied.class);
        assertThat(client(new RegistryCredentials("root", PASSWORD)).digest(ref(mirror, REPO + ":v1"))).isInstanceOf(DigestResult.Denied.class);

        HttpResponse<String> bare = send("GET", "http://" + mirror.host() + "/v2/", null);
        assertThat(bare.statusCode()).isEqualTo(401);
        assertThat(bare.headers().firstValue("Www-Authenticate"))
                .contains("Basic realm=\"https://123456789012.dkr.ecr.us-east-2.amazonaws.com/\",service=\"ecr.amazonaws.com\"");
        assertThat(bare.body()).contains("\"code\":\"UNAUTHORIZED\"");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(send("GET", "http://" + mirror.host() + "/v2/", basic).body()).isEqualTo("{}");
        assertThat(send("GET", "http://" + mirror.host() + "/token?scope=x", basic).statusCode()).isEqualTo(404);
    }

    @Test
    void copyMakesDigestsEqualAndANewUpstreamPutMakesThemDiffer() {
        String first = upstream.put(REPO, "latest", "build-1");
        mirror.copy(upstream, REPO, "latest");
        DigestResult up = anonymous().digest(ref(upstream, REPO + ":latest"));
        DigestResult down = aws(PASSWORD).digest(ref(mirror, REPO + ":latest"));
        assertThat(up).isInstanceOf(DigestResult.Found.class).isEqualTo(down);
        assertThat(((DigestResult.Found) down).digest()).isEqualTo(first);

        String second = upstream.put(REPO, "latest", "build-2");
        assertThat(second).isNotEqualTo(first);
        assertThat(anonymous().digest(ref(upstream, REPO + ":latest"))).isEqualTo(new DigestResult.Found(second, LabManifest.OCI_MANIFEST));
        assertThat(aws(PASSWORD).digest(ref(mirror, REPO + ":latest"))).isEqualTo(new DigestResult.Found(first, LabManifest.OCI_MANIFEST));

        mirror.copy(upstream, REPO, "latest");
        assertThat(aws(PASSWORD).digest(ref(mirror, REPO + ":latest"))).isEqualTo(new DigestResult.Found(second, LabManifest.OCI_MANIFEST));
    }

    @Test
    void unknownTagIsManifestUnknownAndUnknownRepoIsNameUnknown() throws Exception {
        upstream.put(REPO, "v1", "s");
        mirror.put(REPO, "v1", "s");
        assertThat(anonymous().digest(ref(upstream, REPO + ":nope")))
                .isEqualTo(new DigestResult.Missing("MANIFEST_UNKNOWN", "manifest unknown"));
        assertThat(aws(PASSWORD).digest(ref(mirror, REPO + ":nope")))
                .isEqualTo(new DigestResult.Missing("MANIFEST_UNKNOWN", "manifest unknown"));
        assertThat(anonymous().digest(ref(upstream, "coder/nothing-here:v1"))).isInstanceOfSatisfying(DigestResult.Missing.class,
                m -> assertThat(m.code()).isEqualTo("NAME_UNKNOWN"));
        assertThat(aws(PASSWORD).digest(ref(mirror, "a/b/c:v1"))).isInstanceOfSatisfying(DigestResult.Missing.class,
                m -> assertThat(m.code()).isEqualTo("NAME_UNKNOWN"));

        String basic = "Basic " + Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> missing = send("GET", "http://" + mirror.host() + "/v2/" + REPO + "/manifests/nope", basic);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{}}]}");

        mirror.delete(REPO, "v1");
        assertThat(aws(PASSWORD).digest(ref(mirror, REPO + ":v1"))).isInstanceOfSatisfying(DigestResult.Missing.class,
                m -> assertThat(m.code()).isEqualTo("MANIFEST_UNKNOWN"));
    }

    @Test
    void failWithAnswersEveryManifestRequestUntilCleared() {
        String digest = upstream.put(REPO, "v1", "s");
        mirror.copy(upstream, REPO, "v1");
        upstream.failWith(429, "TOOMANYREQUESTS", "You have reached your pull rate limit.", 30);
        mirror.failWith(429, "TOOMANYREQUESTS", "Rate exceeded", 30);
        assertThat(anonymous().digest(ref(upstream, REPO + ":v1")))
                .isEqualTo(new DigestResult.RateLimited(Optional.of(Duration.ofSeconds(30)), "too many requests"));
        assertThat(aws(PASSWORD).digest(ref(mirror, REPO + ":v1"))).isInstanceOfSatisfying(DigestResult.RateLimited.class,
                r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(30)));

        upstream.failWith(403, "DENIED", "denied", null);
        assertThat(anonymous().digest(ref(upstream, REPO + ":v1"))).isEqualTo(new DigestResult.Denied(403, "DENIED", "denied"));

        upstream.clearFailure();
        mirror.clearFailure();
        assertThat(anonymous().digest(ref(upstream, REPO + ":v1"))).isEqualTo(new DigestResult.Found(digest, LabManifest.OCI_MANIFEST));
        assertThat(aws(PASSWORD).digest(ref(mirror, REPO + ":v1"))).isEqualTo(new DigestResult.Found(digest, LabManifest.OCI_MANIFEST));
    }

    @Test
    void thePasswordAppearsInNoResponseNoLogAndNoToString() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        System.setOut(capture);
        System.setErr(capture);
        try (LabRegistry m = LabRegistry.mirror(PASSWORD)) {
            m.put(REPO, "v1", "s");
            String good = "Basic " + Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            String bad = "Basic " + Base64.getEncoder().encodeToString(("AWS:" + PASSWORD + "x").getBytes(StandardCharsets.UTF_8));
            for (String auth : new String[] {null, good, bad, "Bearer " + PASSWORD}) {
                for (String path : new String[] {"/v2/", "/v2/" + REPO + "/manifests/v1", "/v2/" + REPO + "/manifests/nope",
                        "/v2/nope/manifests/v1", "/v2/" + REPO + "/tags/list", "/token?scope=x", "/nowhere"}) {
                    for (String method : new String[] {"GET", "HEAD"}) {
                        HttpResponse<String> r = send(method, "http://" + m.host() + path, auth);
                        seen.add(r.headers().map() + " " + r.body());
                    }
                }
            }
            m.failWith(500, "INTERNAL", "boom", null);
            seen.add(send("GET", "http://" + m.host() + "/v2/" + REPO + "/manifests/v1", good).body());
            seen.add(aws(PASSWORD + "x").digest(ref(m, REPO + ":v1")).toString());
            seen.add(m.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        seen.add(captured.toString(StandardCharsets.UTF_8));
        String encoded = Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(seen).noneSatisfy(s -> assertThat(s).contains(PASSWORD))
                .noneSatisfy(s -> assertThat(s).contains(encoded));
    }

    @Test
    void concurrentPutsAndReadsAreSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    for (int j = 0; j < 20; j++) {
                        String d = upstream.put("team" + n + "/img", "t" + j, "s" + n + "-" + j);
                        mirror.copy(upstream, "team" + n + "/img", "t" + j);
                        assertThat(aws(PASSWORD).digest(ref(mirror, "team" + n + "/img:t" + j)))
                                .isEqualTo(new DigestResult.Found(d, LabManifest.OCI_MANIFEST));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
