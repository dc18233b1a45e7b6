package io.pitcrew.build;

import io.pitcrew.observe.registry.ImageInspection;
import io.pitcrew.image.ImageRef;
import io.pitcrew.observe.registry.RegistryClient;
import io.pitcrew.observe.registry.RegistryServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image, as the build makes it: {@code ./mvnw -Pimage jib:build} onto a base image this test assembles
 * (machines here cannot pull public images: a JRE jlinked from the JDK running the tests, with the host libraries it
 * links to, at eclipse-temurin's paths) in a local registry, then checked with pitcrew's own registry client — user,
 * entrypoint, command, labels, every layer present, pitcrew.jar inside — and run with podman: {@code --version}.
 */
class ImageIT {

    static final String SOURCE = "https://git.workshop.test/platform/pitcrew";
    static final Path JAR = Path.of("target/pitcrew.jar");

    @RegisterExtension
    static final RegistryServer REGISTRY = RegistryServer.open();

    @TempDir
    static Path work;
    static String baseLayerDigest;
    static ImageInspection.Image image;

    @BeforeAll
    static void build() throws Exception {
        assertThat(JAR).as("the IT runs after package").exists();
        byte[] layer = baseLayer(work.resolve("base"));
        byte[] tar = gunzip(layer);
        baseLayerDigest = sha256(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":["
                + "\"PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
                + "\"JAVA_HOME=/opt/java/openjdk\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + sha256(tar) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        REGISTRY.pusher().pushImage("base/jre", "21", config, List.of(layer));

        Run maven = run(work.resolve("maven.log"), 900, Path.of("mvnw").toAbsolutePath().toString(), "-B", "-q", "-Pimage",
                "initialize", "jib:build", "-Dpitcrew.training.skip",
                "-Dpitcrew.image.base=" + REGISTRY.host() + "/base/jre:21",
                "-Dpitcrew.image=" + REGISTRY.host() + "/platform/pitcrew:it",
                "-Dpitcrew.image.source=" + SOURCE,
                "-Djib.allowInsecureRegistries=true");
        assertThat(maven.exit()).as("./mvnw -Pimage jib:build:\n" + maven.output()).isZero();

        ImageInspection inspected = new RegistryClient(RegistryClient.Options.defaults())
                .inspect(ImageRef.parse(REGISTRY.host() + "/platform/pitcrew:it"));
        assertThat(inspected).isInstanceOf(ImageInspection.Image.class);
        image = (ImageInspection.Image) inspected;
    }

    @Test
    void itRunsPitcrewServeAsANonRootUser() {
        assertThat(image.config().user()).isEqualTo("10001:0");
        assertThat(image.config().entrypoint()).containsExactly("java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/pitcrew/pitcrew.jar");
        assertThat(image.config().cmd()).containsExactly("serve");
        assertThat(image.config().workingDir()).isEqualTo("/home/pitcrew");
        assertThat(image.config().env()).contains("HOME=/home/pitcrew")
                .anyMatch(e -> e.startsWith("PATH=/opt/java/openjdk/bin:"));
    }

    @Test
    void itsLabelsNameTheSourceTheVersionAndTheRevision() throws IOException {
        Map<String, String> labels = image.config().labels();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            var manifest = jar.getManifest().getMainAttributes();
            assertThat(labels).containsEntry("org.opencontainers.image.source", SOURCE)
                    .containsEntry("org.opencontainers.image.version", manifest.getValue("Implementation-Version"))
                    .containsEntry("org.opencontainers.image.revision", manifest.getValue("Git-Revision"))
                    .containsEntry("org.opencontainers.image.licenses", "Apache-2.0");
        }
    }

    @Test
    void itIsTheBaseAndPitcrewJarEveryLayerInTheRegistry() throws Exception {
        assertThat(image.layers()).allMatch(ImageInspection.Layer::present);
        assertThat(image.layers().getFirst().digest()).as("the base's layer, as it was").isEqualTo(baseLayerDigest);

        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ImageInspection.Layer l : image.layers().subList(1, image.layers().size())) files.putAll(entries(blob(l.digest())));
        assertThat(files.keySet()).as("what the image adds to its base").containsExactlyInAnyOrder(
                "opt/", "opt/pitcrew/", "opt/pitcrew/pitcrew.jar", "home/", "home/pitcrew/", "home/pitcrew/.keep");
        assertThat(sha256(files.get("opt/pitcrew/pitcrew.jar"))).as("the production jar, as built").isEqualTo(sha256(Files.readAllBytes(JAR)));
    }

    @Test
    void podmanRunsItsVersion() throws Exception {
        Path storage = work.resolve("podman");
        // runc: Debian 12's crun cannot run with cgroups in hybrid mode; the limits: podman's defaults exceed what a
        // container build host may allow (setrlimit fails); vfs: no overlay mount needed
        List<String> podman = List.of(onPath("podman"), "--root", storage.resolve("root").toString(),
                "--runroot", storage.resolve("run").toString(), "--storage-driver", "vfs", "--runtime", onPath("runc"));
        List<String> pull = new ArrayList<>(podman);
        pull.addAll(List.of("pull", "--tls-verify=false", REGISTRY.host() + "/platform/pitcrew:it"));
        Run pulled = run(work.resolve("pull.log"), 300, pull.toArray(String[]::new));
        assertThat(pulled.exit()).as(pulled.output()).isZero();

        List<String> version = new ArrayList<>(podman);
        version.addAll(List.of("run", "--rm", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
                REGISTRY.host() + "/platform/pitcrew:it", "--version"));
        Run ran = run(work.resolve("run.log"), 300, version.toArray(String[]::new));

        assertThat(ran.exit()).as(ran.output()).isZero();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(ran.output()).contains("pitcrew " + jar.getManifest().getMainAttributes().getValue("Implementation-Version")
                    + " (git " + jar.getManifest().getMainAttributes().getValue("Git-Revision"));
        }
        assertThat(ran.output()).contains("/opt/java/openjdk");
    }

    // --- the base image ----------------------------------------------------------------------------------------

    /**
     * One gzipped layer: a JRE jlinked from the JDK running the tests into opt/java/openjdk, the shared libraries it
     * links to (as ldd finds them on this host) at their paths, and /tmp.
     */
    static byte[] baseLayer(Path root) throws Exception {
        Path jre = root.resolve("opt/java/openjdk");
        Files.createDirectories(jre.getParent());
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        Run linked = run(root.resolveSibling("jlink.log"), 300, jlink.toString(), "--add-modules",
                "java.base,java.logging,java.naming,java.sql,java.management,jdk.unsupported",
                "--strip-debug", "--no-header-files", "--no-man-pages", "--output", jre.toString());
        assertThat(linked.exit()).as(linked.output()).isZero();
        Set<String> libraries = new LinkedHashSet<>();
        List<Path> binaries = new ArrayList<>(List.of(jre.resolve("bin/java")));
        try (var files = Files.walk(jre.resolve("lib"))) {
            files.filter(p -> p.toString().endsWith(".so")).forEach(binaries::add);
        }
        Pattern path = Pattern.compile("(/\\S+) \\(0x");
        for (Path binary : binaries) {
            Run ldd = run(root.resolveSibling("ldd.log"), 60, onPath("ldd"), binary.toString());
            for (String line : ldd.output().lines().toList()) {
                Matcher m = path.matcher(line);
                if (m.find() && !m.group(1).startsWith(jre.toString())) libraries.add(m.group(1));
            }
        }
        for (String library : libraries) {
            Path copy = root.resolve(library.substring(1));
            Files.createDirectories(copy.getParent());
            if (!Files.exists(copy)) Files.copy(Path.of(library), copy); // follows the host's symlinks
        }
        Files.createDirectories(root.resolve("tmp"));
        Path tar = root.resolveSibling("base.tar");
        Run tarred = run(root.resolveSibling("tar.log"), 120, onPath("tar"), "--numeric-owner", "--owner=0", "--group=0",
                "-C", root.toString(), "-cf", tar.toString(), ".");
        assertThat(tarred.exit()).as(tarred.output()).isZero();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            Files.copy(tar, out);
        }
        return gz.toByteArray();
    }

    // --- plumbing ------------------------------------------------------------------------------------------------

    record Run(int exit, String output) {}

    static Run run(Path log, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // the wrapper's Maven on the JDK of this test (the build's toolchain)
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new IllegalStateException(name + " not found on PATH; run .ci/deps/podman.sh (apt-get install podman runc)");
    }

    private static byte[] blob(String digest) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create("http://" + REGISTRY.host() + "/v2/platform/pitcrew/blobs/" + digest)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The regular files and directories of a gzipped tar layer, by path, with the files' bytes. */
    static Map<String, byte[]> entries(byte[] gzippedTar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzippedTar))) {
            String longName = null;
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) break;
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'x') { // a PAX header: its path, if any, names the next entry
                    for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
                        int eq = record.indexOf(" path=");
                        if (eq >= 0) longName = record.substring(eq + " path=".length());
                    }
                    continue;
                }
                String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                path = path.replaceFirst("^\\./", "").replaceFirst("^/", "");
                if (type == '0' || type == 0 || type == '5') out.put(path, body);
            }
        }
        return out;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) end++;
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
