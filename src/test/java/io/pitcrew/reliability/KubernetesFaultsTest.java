package io.pitcrew.reliability;

import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.reliability.FaultyProxy.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One region's Kubernetes API faulted — as a whole, or for one kind it serves — while doctor sweeps all three: the
 * sweep ends (within the region's timeout and a margin: the time is recorded, not asserted), the other two regions are
 * read in full, and the faulted region is unreachable, has a gap naming what could not be read, or answered in time —
 * never a crash, a stack trace, or a false "healthy" for what was not read. Each case's outcome and time go to
 * {@code target/reliability/kubernetes-faults.md}; {@code bench/reliability.sh} runs every kind and records the table
 * in docs/reliability.md.
 *
 * <p>{@code -Dpitcrew.faults=all} runs every fault for every kind; the default is every fault on the whole region and
 * the faults that differ by kind (an error status, broken JSON, a hang) on pods and NodePools, to stay in the test
 * budget.
 */
class KubernetesFaultsTest {

    static final String FAULTED = "us-west-2";
    static final Duration TIMEOUT = Duration.ofSeconds(6);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The kinds doctor reads, by the path of their requests. */
    static final Map<String, Predicate<String>> KINDS = kinds();

    private static Map<String, Predicate<String>> kinds() {
        Map<String, Predicate<String>> k = new TreeMap<>();
        k.put("every request", t -> true);
        k.put("pods", t -> t.matches("/api/v1/(namespaces/[^/]+/)?pods(\\?.*)?"));
        k.put("pod logs", t -> t.contains("/log"));
        k.put("nodes", t -> t.matches("/api/v1/nodes(\\?.*)?"));
        k.put("events", t -> t.matches("/api/v1/(namespaces/[^/]+/)?events(\\?.*)?") || t.startsWith("/apis/events.k8s.io/"));
        k.put("deployments", t -> t.matches("/apis/apps/v1/(namespaces/[^/]+/)?deployments(\\?.*)?"));
        k.put("secrets", t -> t.matches("/api/v1/(namespaces/[^/]+/)?secrets(\\?.*)?"));
        k.put("nodepools", t -> t.startsWith("/apis/karpenter.sh/v1/nodepools"));
        k.put("nodeclaims", t -> t.startsWith("/apis/karpenter.sh/v1/nodeclaims"));
        k.put("metrics.k8s.io", t -> t.startsWith("/apis/metrics.k8s.io/"));
        return k;
    }

    static Path dir;
    static Lab lab;
    static String kubeconfig;
    static final List<String> ROWS = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("faults");
        lab = Lab.start(LabKit.dir(dir), "healthy", 3);
        kubeconfig = Files.readString(lab.kubeconfig());
        // the first sweep of a JVM loads and compiles what the others reuse: not a fault's time
        DoctorRun.of(lab.kubeconfig(), lab.config(), TIMEOUT);
    }

    @AfterAll
    static void stop() throws IOException {
        if (lab != null) lab.close();
        Path out = Path.of("target", "reliability", "kubernetes-faults.md");
        Files.createDirectories(out.getParent());
        Files.write(out, ROWS.stream().sorted().toList());
    }

    static Stream<Arguments> cases() {
        boolean all = "all".equals(System.getProperty("pitcrew.faults"));
        Set<Fault> byKind = all ? EnumSet.allOf(Fault.class) : EnumSet.of(Fault.E500, Fault.MALFORMED, Fault.HANG);
        Set<String> kinds = all ? KINDS.keySet() : Set.of("pods", "nodepools");
        Stream<Arguments> whole = Stream.concat(Stream.of(Arguments.of("every request", null)),
                EnumSet.allOf(Fault.class).stream().map(f -> Arguments.of("every request", f)));
        Stream<Arguments> perKind = kinds.stream().filter(k -> !k.equals("every request"))
                .flatMap(k -> byKind.stream().map(f -> Arguments.of(k, f)));
        return Stream.concat(whole, perKind);
    }

    /** @param fault null: the region's port refuses connections */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aFaultedRegionIsSaidSoAndTheOthersAreRead(String kind, Fault fault) throws IOException {
        String port = port(FAULTED);
        FaultyProxy proxy = fault == null ? null : new FaultyProxy(URI.create("http://127.0.0.1:" + port), fault, KINDS.get(kind));
        try {
            String target = proxy == null ? "http://127.0.0.1:" + DoctorRun.closedPort() : proxy.url();
            Path faulted = dir.resolve("kubeconfig-faulted");
            Files.writeString(faulted, kubeconfig.replace("http://127.0.0.1:" + port + "\n", target + "\n"));

            DoctorRun run = DoctorRun.of(faulted, lab.config(), TIMEOUT);
            Duration took = run.took();

            assertThat(run.err()).as("stderr").doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(run.exit()).as("exit: %s", run.err()).isIn(0, 1);
            JsonNode report = JSON.readTree(run.out());
            for (JsonNode region : report.path("regions")) {
                String name = region.path("name").asString();
                if (name.equals(FAULTED)) continue;
                // read in full; on a loaded machine a region may meet its own timeout while the proxy works (a huge
                // answer is built in this JVM), which is a timeout, never another reason
                if (region.path("status").asString().equals("ok")) {
                    assertThat(region.path("gaps")).as(name + " gaps").isEmpty();
                } else {
                    assertThat(region.path("error").asString()).as(name).startsWith("timeout:");
                }
            }
            JsonNode mine = region(report, FAULTED);
            String said = said(mine, report);
            // a log is text: whatever a 200 carries is a log, broken JSON included
            boolean textAnswer = kind.equals("pod logs") && EnumSet.of(Fault.MALFORMED, Fault.TRUNCATED, Fault.WRONG_SHAPE).contains(fault);
            boolean answeredInTime = fault == Fault.SLOW || fault == Fault.HUGE || textAnswer;
            if (!answeredInTime && (proxy == null || proxy.faulted() > 0)) {
                assertThat(said).as("what doctor says of %s with %s on %s", FAULTED, fault, kind).isNotEqualTo("ok");
            }
            // pods and nodes are essential; any other kind that hangs is a gap, and the rest of the region is read
            if (fault == Fault.HANG && !Set.of("every request", "pods", "nodes").contains(kind)) {
                assertThat(said).as("a hang on %s", kind).startsWith("gap: ");
            }
            // a hang is given up on at the region's timeout; the margin is generous for a loaded machine and only
            // catches a sweep that waits on (the time is recorded below, not judged)
            assertThat(took).as("sweep time").isLessThan(TIMEOUT.multipliedBy(5));
            if (textAnswer && said.equals("ok")) said = "ok (a 200 with any text is a log)";
            ROWS.add("| " + kind + " | " + (fault == null ? "connection refused" : fault.label) + " | " + said + " | "
                    + run.seconds() + " |");
        } finally {
            if (proxy != null) proxy.close();
        }
    }

    /** What doctor said of the region, in a table cell: its status and reason, its gaps, or "ok". */
    private static String said(JsonNode region, JsonNode report) {
        if (!region.path("status").asString().equals("ok")) {
            return region.path("status").asString() + ": " + region.path("error").asString().replaceAll("\\(http://[^)]*\\)", "").strip();
        }
        List<String> gaps = new ArrayList<>();
        region.path("gaps").forEach(g -> gaps.add(g.asString()));
        return gaps.isEmpty() ? "ok" : "gap: " + String.join("; ", gaps);
    }

    private static JsonNode region(JsonNode report, String name) {
        for (JsonNode r : report.path("regions")) if (r.path("name").asString().equals(name)) return r;
        throw new AssertionError("no region " + name + " in " + report);
    }

    private static String port(String region) {
        Matcher m = Pattern.compile("- name: " + region + "\\n  cluster:\\n    server: http://127.0.0.1:(\\d+)").matcher(kubeconfig);
        assertThat(m.find()).as("the lab's kubeconfig names " + region).isTrue();
        return m.group(1);
    }
}
