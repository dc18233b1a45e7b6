import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes pitcrew's start-up archives (docs/architecture.md#start-up): Maven runs it in the package phase, after the two
 * jars are shaded, as {@code java src/build/StartupArchives.java TARGET_DIR}.
 *
 * <p>Each archive is trained on one real run of one command, as a user runs it: {@code -jar target/pitcrew.jar}
 * (or {@code pitcrew-lab.jar} for demo), because an archive is valid only for the class path it was made with. The
 * platform commands run against a lab started from pitcrew-lab.jar in its own process, so pitcrew.jar carries no
 * training code and no lab. Java 25+ makes an AOT cache in one step ({@code -XX:AOTCacheOutput}), Java 24 in two
 * (record, then create), Java 21-23 a CDS archive ({@code -XX:ArchiveClassesAtExit}); all with the JVM of the build's
 * toolchain (Maven's own when it is 21+), the JVM the launcher then runs them with. The archives land in
 * TARGET_DIR/startup with a stamp, {@code jvm}, naming that JVM's java.home and java.vm.version.
 *
 * <p>It fails soft: a training that fails is a warning and no archive, never a failed build. Written for the Java 17
 * source launcher, as Maven may run on a Java older than the toolchain's.
 */
public class StartupArchives {

    /** Workspace pods per region of the lab doctor is trained on: a workshop's size. */
    static final int WORKSPACES = 100;
    static final Duration LAB_START = Duration.ofMinutes(3);
    static final Duration ONE_TRAINING = Duration.ofMinutes(3);

    /** A command as the launcher runs it, with its JVM flags; {@code serve} runs until it answers, then is stopped. */
    record Training(String archive, String jar, List<String> flags, List<String> args, Set<Integer> exits, boolean untilReady) {
    }

    /** The JVM the archives are made with and for. */
    record Jvm(Path java, String home, String vmVersion, int feature) {
    }

    private final Path target;
    private final Path work;
    private final Path out;
    private final Jvm jvm;
    private final Map<String, String> made = new LinkedHashMap<>();

    StartupArchives(Path target, Jvm jvm) {
        this.target = target;
        this.work = target.resolve("startup-training");
        this.out = target.resolve("startup");
        this.jvm = jvm;
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "target").toAbsolutePath();
        Jvm jvm;
        try {
            jvm = jvm(trainingJavaHome());
        } catch (IOException | RuntimeException e) {
            warn("no start-up archives: cannot ask the toolchain's java what it is: " + e.getMessage());
            return;
        }
        if (jvm.feature() < 21) {
            warn("no start-up archives: " + jvm.java() + " is Java " + jvm.feature() + ", pitcrew needs 21+");
            return;
        }
        try {
            new StartupArchives(target, jvm).run();
        } catch (IOException | RuntimeException e) {
            // the stamp is written last: without it the launcher uses none of the archives made before this
            warn("no start-up archives: " + e);
        }
    }

    /** The toolchain's JDK when Maven selected one (exec-maven-plugin says which), else the JDK running this. */
    static Path trainingJavaHome() {
        String toolchain = System.getenv("TOOLCHAIN_JAVA_HOME");
        return Path.of(toolchain != null && !toolchain.isBlank() ? toolchain : System.getProperty("java.home"));
    }

    static Jvm jvm(Path home) throws IOException, InterruptedException {
        Path java = home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
        String settings = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Map<String, String> properties = new LinkedHashMap<>();
        settings.lines().map(String::trim).filter(l -> l.contains(" = "))
                .forEach(l -> properties.putIfAbsent(l.substring(0, l.indexOf(" = ")), l.substring(l.indexOf(" = ") + 3)));
        String spec = properties.getOrDefault("java.specification.version", "0");
        return new Jvm(java, properties.get("java.home"), properties.get("java.vm.version"),
                Integer.parseInt(spec.startsWith("1.") ? "1" : spec.split("\\.")[0]));
    }

    void run() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        deleteTree(out);
        deleteTree(work);
        Files.createDirectories(work.resolve("home"));
        info("start-up archives: training each command on one run of it (" + kind() + ", Java " + jvm.vmVersion()
                + "), a minute or two; -Dpitcrew.training.skip skips it");
        Path lab = work.resolve("lab");
        Process labProcess = start(List.of(jvm.java().toString(), "-jar", jar("pitcrew-lab.jar"), "lab", "up",
                "--dir", lab.toString(), "--workspaces", String.valueOf(WORKSPACES)), work.resolve("lab.log"));
        try {
            // these need no platform: trained while the lab starts
            train(new Training("base", "pitcrew.jar", command(), List.of("--help"), Set.of(0), false));
            run(List.of("-jar", jar("pitcrew.jar"), "incident", "declare", "-s", "P2", "--db", work.resolve("incident.db").toString(),
                    "training", "incident"), "incident-declare");
            train(new Training("incident", "pitcrew.jar", command(), List.of("incident", "show", "INC-1", "--db",
                    work.resolve("incident.db").toString()), Set.of(0), false));
            if (awaitLab(labProcess, lab)) {
                String config = lab.resolve("pitcrew.yaml").toString();
                train(new Training("config", "pitcrew.jar", command(), List.of("config", "check", "--config", config,
                        "--kubeconfig", lab.resolve("kubeconfig").toString()), Set.of(0), false));
                // -o json: the report's JSON writer is most of what the table path lacks, not the other way round
                train(new Training("doctor", "pitcrew.jar", command(), List.of("doctor", "-o", "json", "--config", config),
                        Set.of(0, 1), false));
                train(new Training("fix", "pitcrew.jar", command(), List.of("fix", "scale-provisioners", "--config", config,
                        "--db", work.resolve("fix.db").toString()), Set.of(0), false));
                Files.writeString(work.resolve("serve-token"), "training-" + System.nanoTime() + "\n");
                train(new Training("serve", "pitcrew.jar", List.of("-XX:+UseG1GC", "-Xmx1g"), List.of("serve", "--config", config,
                        "--port", String.valueOf(freePort()), "--db", work.resolve("serve.db").toString(),
                        "--token-file", work.resolve("serve-token").toString()), Set.of(0, 143), true));
            } else {
                warn("no start-up archives for config, doctor, fix, serve: the lab did not start (" + work.resolve("lab.log") + ")");
            }
        } finally {
            stop(labProcess);
        }
        // demo starts a lab of its own, so it runs once the other lab is gone
        train(new Training("demo", "pitcrew-lab.jar", command(), List.of("demo"), Set.of(0), false));
        Files.createDirectories(out);
        Files.writeString(out.resolve("jvm"), "java.home=" + jvm.home() + "\njava.vm.version=" + jvm.vmVersion() + "\n");
        deleteTree(lab);
        deleteTree(work.resolve("home"));
        info("start-up archives in " + out + ": " + String.join(", ", made.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()) + " (" + (System.nanoTime() - t0) / 1_000_000_000 + " s)");
    }

    private static List<String> command() {
        return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    private String kind() {
        return jvm.feature() >= 25 ? "AOT cache" : jvm.feature() == 24 ? "AOT cache, record and create" : "CDS archive";
    }

    private String extension() {
        return jvm.feature() >= 24 ? ".aot" : ".jsa";
    }

    /** One training run; on success its archive is moved into startup/, otherwise a warning says why and where to look. */
    void train(Training t) throws IOException, InterruptedException {
        Path archive = work.resolve(t.archive() + extension());
        Path config = work.resolve(t.archive() + ".aotconf");
        List<String> record = new ArrayList<>();
        if (jvm.feature() >= 25) record.add("-XX:AOTCacheOutput=" + archive);
        else if (jvm.feature() == 24) record.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + config));
        else record.add("-XX:ArchiveClassesAtExit=" + archive);
        record.addAll(t.flags());
        record.addAll(List.of("-jar", jar(t.jar())));
        record.addAll(t.args());
        long t0 = System.nanoTime();
        String failed = t.untilReady() ? runUntilReady(record, t) : outcome(run(record, t.archive()), t.exits());
        if (failed == null && jvm.feature() == 24) {
            List<String> create = new ArrayList<>(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + config,
                    "-XX:AOTCache=" + archive));
            create.addAll(t.flags());
            create.addAll(List.of("-cp", jar(t.jar())));
            failed = outcome(run(create, t.archive() + "-create"), Set.of(0));
        }
        if (failed == null && !Files.isRegularFile(archive)) failed = "the JVM wrote no archive";
        if (failed != null) {
            Files.deleteIfExists(archive);
            warn("no start-up archive " + t.archive() + " (pitcrew " + String.join(" ", t.args()) + "): " + failed + " (log: "
                    + work.resolve(t.archive() + ".log") + ")");
            return;
        }
        Files.createDirectories(out);
        Files.move(archive, out.resolve(archive.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        made.put(t.archive(), Files.size(out.resolve(archive.getFileName())) / (1024 * 1024) + " MB in "
                + (System.nanoTime() - t0) / 100_000_000 / 10.0 + " s");
    }

    private static String outcome(int exit, Set<Integer> expected) {
        if (exit == Integer.MIN_VALUE) return "it ran longer than " + ONE_TRAINING.toMinutes() + " min and was stopped";
        return expected.contains(exit) ? null : "it exited " + exit;
    }

    /** Runs java with the arguments, output to NAME.log; the exit code, or MIN_VALUE when it had to be stopped. */
    int run(List<String> javaArgs, String name) throws IOException, InterruptedException {
        Process p = start(withJava(javaArgs), work.resolve(name + ".log"));
        if (!p.waitFor(ONE_TRAINING.toSeconds(), TimeUnit.SECONDS)) {
            stop(p);
            return Integer.MIN_VALUE;
        }
        return p.exitValue();
    }

    /** serve: started, asked for what a first visitor asks (readiness, the status page, the findings), then stopped. */
    private String runUntilReady(List<String> javaArgs, Training t) throws IOException, InterruptedException {
        String port = t.args().get(t.args().indexOf("--port") + 1);
        String token = Files.readString(work.resolve("serve-token")).trim();
        Process p = start(withJava(javaArgs), work.resolve(t.archive() + ".log"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + ONE_TRAINING.toNanos();
        boolean ready = false;
        while (!ready && p.isAlive() && System.nanoTime() < deadline) {
            ready = get(http, "http://127.0.0.1:" + port + "/readyz", null) == 200;
            if (!ready) Thread.sleep(250);
        }
        if (ready) {
            get(http, "http://127.0.0.1:" + port + "/status", null);
            get(http, "http://127.0.0.1:" + port + "/api/findings", token);
        }
        stop(p);
        if (!ready) return p.isAlive() ? "it was not ready within " + ONE_TRAINING.toMinutes() + " min" : "it exited " + p.exitValue();
        return t.exits().contains(p.exitValue()) ? null : "it exited " + p.exitValue() + " when stopped";
    }

    private static int get(HttpClient http, String url, String token) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) request.header("Authorization", "Bearer " + token);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private List<String> withJava(List<String> javaArgs) {
        List<String> line = new ArrayList<>(List.of(jvm.java().toString()));
        line.addAll(javaArgs);
        return line;
    }

    /** A process in the work directory with a home of its own: no training reads or writes the user's ~/.pitcrew or kubeconfig. */
    private Process start(List<String> line, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(line).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        pb.environment().put("HOME", work.resolve("home").toString());
        pb.environment().keySet().removeIf(k -> k.equals("KUBECONFIG") || k.startsWith("PITCREW_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS"));
        return pb.start();
    }

    private static File nullFile() {
        return new File(isWindows() ? "NUL" : "/dev/null");
    }

    /** Waits for the lab's lab.json, which it writes last, once its API servers answer. */
    private boolean awaitLab(Process lab, Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + LAB_START.toNanos();
        while (System.nanoTime() < deadline && lab.isAlive()) {
            if (Files.isRegularFile(dir.resolve("lab.json"))) return true;
            Thread.sleep(200);
        }
        return false;
    }

    /** Stops a process as Ctrl-C would (its shutdown hooks run; an AOT recording is written at exit), then for good. */
    private static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String jar(String name) {
        return target.resolve(name).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    private static void info(String message) {
        System.out.println("[INFO] " + message);
        System.out.flush();
    }

    private static void warn(String message) {
        System.out.println("[WARNING] " + message);
        System.out.flush();
    }
}
