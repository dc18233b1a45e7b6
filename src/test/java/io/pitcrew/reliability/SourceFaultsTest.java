package io.pitcrew.reliability;

import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.lab.LabTls;
import io.pitcrew.observe.health.HealthProbe;
import io.pitcrew.reliability.FaultyProxy.Dialect;
import io.pitcrew.reliability.FaultyProxy.Fault;
import io.pitcrew.reliability.FaultyProxy.Options;
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
 * One source other than the Kubernetes API faulted — the mirror registry, the mirror's upstream, one region's
 * {@code /healthz}, coderd, LiteLLM, the DNS server — while doctor sweeps the lab's three regions and every other
 * source: the sweep ends within the timeout and a margin, every region is read and nothing is said of any other
 * source, and the faulted source is a finding or a "could not ask" with a plain reason — never a crash, a stack trace,
 * or nothing at all for a source that did not answer. A certificate that expired or names another host is never
 * trusted and is said so. Each case's outcome and time go to {@code target/reliability/source-faults.md};
 * {@code bench/reliability.sh sources} runs every fault and records the table in docs/reliability.md.
 *
 * <p>{@code -Dpitcrew.faults=all} runs every fault on every source; the default runs an error status and broken JSON on
 * each HTTP source, a rate limit on the two that read it themselves, a refused connection on one, every DNS fault but a
 * hang, and each certificate on one source — the faults that cost the timeout (a hang, slow) are the full run's — to
 * stay in the test budget.
 */
class SourceFaultsTest {

    static final Duration TIMEOUT = Duration.ofSeconds(6);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A source: where the lab's pitcrew.yaml names it, and which of doctor's lines speak of it. */
    record Source(Pattern inConfig, Predicate<String> speaksOf) {}

    static final Map<String, Source> SOURCES = sources();

    private static Map<String, Source> sources() {
        Map<String, Source> s = new TreeMap<>();
        // a registry that did not answer says nothing of the image: never "out of sync"
        s.put("mirror registry", new Source(Pattern.compile("  image: (127\\.0\\.0\\.1:\\d+)/"), l -> l.startsWith("mirror ")));
        s.put("mirror's upstream", new Source(Pattern.compile("  upstream: (127\\.0\\.0\\.1:\\d+)/"),
                l -> l.startsWith("mirror's upstream")));
        s.put("/healthz of us-west-2", new Source(Pattern.compile("    us-west-2: (https://127\\.0\\.0\\.1:\\d+)"),
                l -> l.startsWith("health-check-failing") && l.contains("us-west-2")));
        s.put("coderd", new Source(Pattern.compile("coder:\\n  url: (http://127\\.0\\.0\\.1:\\d+)"),
                l -> l.startsWith("Coder ") || l.startsWith("workspace-proxy") || l.startsWith("provisioner") || l.startsWith("builds-")));
        s.put("DNS server", new Source(Pattern.compile("dns:\\n  server: (127\\.0\\.0\\.1:\\d+)"), l -> l.startsWith("dns-")));
        s.put("LiteLLM", new Source(Pattern.compile("litellm:\\n  url: (http://127\\.0\\.0\\.1:\\d+)"),
                l -> l.startsWith("LiteLLM") || l.startsWith("litellm-") || l.startsWith("upstream-rate-limited")));
        return s;
    }

    static Path dir;
    static Lab lab;
    static String config;
    static final List<String> ROWS = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("source-faults");
        lab = Lab.start(LabKit.dir(dir), "healthy", 3);
        config = Files.readString(lab.config());
        // the first sweep of a JVM loads and compiles what the others reuse: not a fault's time; and the healthy lab
        // is the baseline every case compares with (nothing said of any source)
        DoctorRun.of(lab.kubeconfig(), lab.config(), TIMEOUT);
        DoctorRun warm = DoctorRun.of(lab.kubeconfig(), lab.config(), TIMEOUT);
        assertThat(said(JSON.readTree(warm.out()))).as("the healthy lab").isEmpty();
    }

    @AfterAll
    static void stop() throws IOException {
        if (lab != null) lab.close();
        Path out = Path.of("target", "reliability", "source-faults.md");
        Files.createDirectories(out.getParent());
        Files.write(out, ROWS.stream().sorted().toList());
    }

    static Stream<Arguments> cases() {
        boolean all = "all".equals(System.getProperty("pitcrew.faults"));
        Set<Fault> faults = EnumSet.allOf(Fault.class);
        faults.remove(Fault.E410); // a watch's answer: serve's, not a sweep's
        return SOURCES.keySet().stream().filter(source -> !source.equals("DNS server")).flatMap(source -> {
            Set<Fault> mine = all ? faults : EnumSet.of(Fault.E503, Fault.MALFORMED);
            // where a 429 is read on its own (a registry's, coderd's); a hang costs the timeout, so only in the full run
            if (!all && (source.equals("coderd") || source.equals("mirror registry"))) mine.add(Fault.E429);
            Stream<Arguments> refused = all || source.equals("LiteLLM") ? Stream.of(Arguments.of(source, null)) : Stream.empty();
            return Stream.concat(refused, mine.stream().map(f -> Arguments.of(source, f)));
        });
    }

    /** @param fault null: the source's port refuses connections */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void aFaultedSourceIsSaidSoAndTheOthersAreRead(String name, Fault fault) throws IOException {
        Matcher m = matcher(name);
        String real = m.group(1);
        boolean registry = !real.startsWith("http");
        URI upstream = URI.create(registry ? "http://" + real : real);
        Options options = Options.of(Dialect.JSON);
        if (real.startsWith("https")) options = options.upstreamTls(HealthProbe.trusting(lab.dir().resolve("lab-ca.pem")));
        FaultyProxy proxy = fault == null ? null : new FaultyProxy(upstream, fault, t -> true, options);
        try {
            String target = proxy == null ? "http://127.0.0.1:" + DoctorRun.closedPort() : proxy.url().replace("https:", "http:");
            if (registry) target = target.substring("http://".length());
            // /healthz is its status, as curl -I reads it: a 200 with any body is healthy
            boolean statusOnly = name.startsWith("/healthz") && EnumSet.of(Fault.MALFORMED, Fault.TRUNCATED, Fault.WRONG_SHAPE).contains(fault);
            List<String> mine = sweep(name, config.substring(0, m.start(1)) + target + config.substring(m.end(1)),
                    fault == null ? "connection refused" : fault.label, statusOnly ? "ok (a 200 with any body is healthy)" : "ok");
            boolean answeredInTime = fault == Fault.SLOW || fault == Fault.HUGE || statusOnly;
            if (!answeredInTime && (proxy == null || proxy.faulted() > 0)) {
                assertThat(mine).as("what doctor says of %s with %s", name, fault).isNotEmpty();
            }
        } finally {
            if (proxy != null) proxy.close();
        }
    }

    static Stream<Arguments> certificates() {
        boolean all = "all".equals(System.getProperty("pitcrew.faults"));
        Stream<Arguments> every = Stream.of("/healthz of us-west-2", "LiteLLM", "coderd")
                .flatMap(s -> Stream.of(BadCertificate.values()).map(c -> Arguments.of(s, c)));
        return all ? every : Stream.of(Arguments.of("/healthz of us-west-2", BadCertificate.EXPIRED),
                Arguments.of("LiteLLM", BadCertificate.WRONG_HOST), Arguments.of("coderd", BadCertificate.EXPIRED));
    }

    /**
     * The source answers over TLS with a certificate its CA signed (pitcrew is given that CA) but that expired, or
     * that names another host: never trusted, and said in those words. coderd's client trusts only the system's CAs,
     * so there the certificate is refused as untrusted before anything else.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("certificates")
    void aBadCertificateIsNeverTrustedAndSaidPlainly(String name, BadCertificate bad) throws IOException {
        Matcher m = matcher(name);
        String real = m.group(1);
        LabTls made = bad.make();
        Files.writeString(lab.dir().resolve("faults-ca.pem"), Files.readString(lab.dir().resolve("lab-ca.pem")) + made.caPem());
        Options options = Options.of(Dialect.JSON).serving(made.server());
        if (real.startsWith("https")) options = options.upstreamTls(HealthProbe.trusting(lab.dir().resolve("lab-ca.pem")));
        try (FaultyProxy proxy = new FaultyProxy(URI.create(real), null, t -> false, options)) {
            String faulted = (config.substring(0, m.start(1)) + proxy.url() + config.substring(m.end(1)))
                    .replace("caFile: lab-ca.pem", "caFile: faults-ca.pem")
                    .replaceFirst("(litellm:\n  url: [^\n]+\n)", "$1  caFile: faults-ca.pem\n");
            List<String> mine = sweep(name, faulted, bad.label, "ok");
            assertThat(mine).as("what doctor says of %s with %s", name, bad).isNotEmpty();
            String words = name.equals("coderd") ? "certificate not trusted" : bad == BadCertificate.EXPIRED ? "certificate expired" : "wrong host";
            assertThat(mine).as("plain words").allMatch(l -> l.contains(words));
        }
    }

    static Stream<Arguments> dnsFaults() {
        boolean all = "all".equals(System.getProperty("pitcrew.faults"));
        // a hang costs the timeout (DnsTimeoutTest's): the full run's; every other fault is said at once
        return Stream.concat(Stream.of(Arguments.of((Object) null)), Stream.of(FaultyDnsServer.Fault.values())
                .filter(f -> all || f != FaultyDnsServer.Fault.HANG).map(Arguments::of));
    }

    /**
     * The DNS server every domain is asked of answers with a fault (null: nothing listens on its port, and the
     * kernel answers with ICMP port unreachable): each region's names are said not to resolve, and how — in the
     * fault's own words, and only a hang as a timeout.
     */
    @ParameterizedTest(name = "DNS server: {0}")
    @MethodSource("dnsFaults")
    void aFaultedDnsServerIsSaidSo(FaultyDnsServer.Fault fault) throws IOException {
        Matcher m = matcher("DNS server");
        try (FaultyDnsServer dns = fault == null ? null : FaultyDnsServer.start(fault)) {
            String target = dns == null ? "127.0.0.1:" + DoctorRun.closedPort() : dns.address();
            List<String> mine = sweep("DNS server", config.substring(0, m.start(1)) + target + config.substring(m.end(1)),
                    fault == null ? "nothing listening (ICMP port unreachable)" : fault.label, "ok");
            assertThat(mine).as("what doctor says of DNS with %s", fault).isNotEmpty();
            String said = fault == null ? "port unreachable" : fault.said;
            assertThat(mine).as("what doctor says of DNS with %s", fault).allMatch(l -> l.contains(said));
            if (fault != FaultyDnsServer.Fault.HANG) assertThat(String.join("\n", mine)).doesNotContain("timeout");
        }
    }

    private static Matcher matcher(String name) {
        Matcher m = SOURCES.get(name).inConfig().matcher(config);
        assertThat(m.find()).as("the lab's pitcrew.yaml names " + name).isTrue();
        return m;
    }

    /**
     * A sweep with {@code faultedConfig}: it ends in time, without a crash, every region read and nothing said of any
     * other source; the row is recorded. What doctor said of the faulted source, one line each.
     */
    private static List<String> sweep(String name, String faultedConfig, String fault, String ok) throws IOException {
        Source source = SOURCES.get(name);
        Path faulted = lab.config().resolveSibling("pitcrew-faulted.yaml");
        Files.writeString(faulted, faultedConfig);
        DoctorRun run = DoctorRun.of(lab.kubeconfig(), faulted, TIMEOUT);

        assertThat(run.err()).as("stderr").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.exit()).as("exit: %s", run.err()).isIn(0, 1);
        JsonNode report = JSON.readTree(run.out());
        for (JsonNode region : report.path("regions")) {
            // read; on a loaded machine a region may meet its own timeout (a huge answer is built in this JVM)
            if (!region.path("status").asString().equals("ok")) {
                assertThat(region.path("error").asString()).as(region.path("name").asString()).startsWith("timeout:");
            }
        }
        List<String> lines = said(report);
        List<String> mine = lines.stream().filter(source.speaksOf()).toList();
        assertThat(lines).as("what doctor says besides %s", name).allMatch(source.speaksOf());
        assertThat(String.join("\n", mine)).as("plain words").doesNotContain("Exception").doesNotContain("\tat ");
        // the sweep gives every source the timeout; two seconds more hold a machine shared with other builds
        // (measured: a hang's sweep is the timeout and a few tenths)
        assertThat(Duration.ofMillis(report.path("tookMillis").asLong())).as("sweep time").isLessThan(TIMEOUT.plusSeconds(2));
        String cell = mine.isEmpty() ? ok : String.join("; ", mine).replace("|", "\\|").replaceAll("127\\.0\\.0\\.1:\\d+", "…");
        ROWS.add("| " + name + " | " + fault + " | " + cell + " | " + run.seconds() + " |");
        return mine;
    }

    /** Every finding (its cause, then its evidence) and every "could not ask" of the report, one line each. */
    static List<String> said(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            // a region that met its deadline on a loaded machine: the regions are judged on their own above
            if (f.path("cause").asString().equals("timeout")) continue;
            List<String> evidence = new ArrayList<>();
            f.path("evidence").forEach(e -> evidence.add(e.path("region").asString() + ": " + e.path("detail").asString()));
            out.add(f.path("cause").asString() + " — " + String.join(", ", evidence));
        }
        report.path("notAsked").forEach(n -> out.add(n.asString()));
        return out;
    }
}
