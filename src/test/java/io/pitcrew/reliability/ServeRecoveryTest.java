package io.pitcrew.reliability;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.lab.Lab;
import io.pitcrew.reliability.FaultyProxy.Dialect;
import io.pitcrew.reliability.FaultyProxy.Fault;
import io.pitcrew.reliability.FaultyProxy.Options;
import io.pitcrew.server.QuickServe;
import io.pitcrew.server.detection.Detector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * serve's detector while a source fails and recovers: a fault becomes a finding within a bound, and once the source
 * answers again the finding resolves within a bound — nothing stays stuck on what was; a watch the API server answers
 * with 410 Gone (its resourceVersion too old) is listed again and the region stays watched, so what changes in it is
 * still seen. The times measured go to {@code target/reliability/serve-recovery.md}.
 */
class ServeRecoveryTest {

    /** Generous: serve probes every 500 ms in the lab and resolves after a second's grace; seen in 1-3 s. */
    static final Duration BOUND = Duration.ofSeconds(30);
    static final List<String> ROWS = new ArrayList<>();

    /** One lab for both: each test leaves it healthy (the second resets what it injects). */
    static Lab lab;

    @BeforeAll
    static void start() throws IOException {
        lab = Lab.start(Files.createTempDirectory("serve-recovery"), "healthy", 2);
    }

    @AfterAll
    static void write() throws IOException {
        if (lab != null) lab.close();
        Path out = Path.of("target", "reliability", "serve-recovery.md");
        Files.createDirectories(out.getParent());
        Files.write(out, ROWS);
    }

    @Test
    void aSourceThatFailsIsAFindingAndHealthyAgainOnceItAnswers() throws IOException {
        String config = Files.readString(lab.config());
        Matcher m = Pattern.compile("litellm:\\n  url: (http://127\\.0\\.0\\.1:\\d+)").matcher(config);
        assertThat(m.find()).isTrue();
        try (FaultyProxy litellm = new FaultyProxy(URI.create(m.group(1)), null, t -> true, Options.of(Dialect.JSON))) {
            Path faulted = lab.config().resolveSibling("pitcrew-recovery.yaml");
            Files.writeString(faulted, config.substring(0, m.start(1)) + litellm.url() + config.substring(m.end(1)));
            try (Detector detector = detector(faulted, lab.kubeconfig())) {
                await().atMost(BOUND).until(() -> detector.state().ready() && causes(detector).isEmpty());

                litellm.fault(Fault.E503);
                long on = System.nanoTime();
                await().atMost(BOUND).until(() -> causes(detector).contains("litellm-outage"));
                Duration seen = Duration.ofNanos(System.nanoTime() - on);

                litellm.fault(null);
                long off = System.nanoTime();
                await().atMost(BOUND).until(() -> causes(detector).isEmpty());
                Duration recovered = Duration.ofNanos(System.nanoTime() - off);
                ROWS.add("| LiteLLM answers 503, then 200 again | litellm-outage found in " + seconds(seen)
                        + " | resolved " + seconds(recovered) + " after it answers |");
            }
        }
    }

    @Test
    void aWatchAnsweredGoneIsListedAgainAndTheRegionStaysWatched() throws IOException {
        String kubeconfig = Files.readString(lab.kubeconfig());
        Matcher m = Pattern.compile("- name: us-west-2\\n  cluster:\\n    server: (http://127\\.0\\.0\\.1:\\d+)").matcher(kubeconfig);
        assertThat(m.find()).isTrue();
        Predicate<String> watches = t -> t.contains("watch=true");
        try (FaultyProxy api = new FaultyProxy(URI.create(m.group(1)), Fault.E410, watches)) {
            Path faulted = lab.kubeconfig().resolveSibling("kubeconfig-gone");
            Files.writeString(faulted, kubeconfig.substring(0, m.start(1)) + api.url() + kubeconfig.substring(m.end(1)));
            try (Detector detector = detector(lab.config(), faulted)) {
                await().atMost(BOUND).until(() -> detector.state().ready() && causes(detector).isEmpty());
                assertThat(api.faulted()).as("watches answered 410 Gone").isPositive();
                assertThat(detector.state().unobserved()).as("regions not observed").isEmpty();

                long on = System.nanoTime();
                lab.inject("storage-exhaustion");
                await().atMost(BOUND).until(() -> regionsOf(detector).contains("us-west-2"));
                Duration seen = Duration.ofNanos(System.nanoTime() - on);
                assertThat(detector.gauges()).filteredOn(g -> g.name().equals("us-west-2"))
                        .allSatisfy(g -> assertThat(g.reconnects()).as("watches listed again").isPositive());

                api.fault(null);
                long off = System.nanoTime();
                lab.reset();
                await().atMost(BOUND).until(() -> causes(detector).isEmpty());
                Duration recovered = Duration.ofNanos(System.nanoTime() - off);
                ROWS.add("| us-west-2's watches answered 410 Gone (listed again, with backoff) | a fault injected there found in "
                        + seconds(seen) + " | resolved " + seconds(recovered) + " after the reset, watches answering again |");
            }
        }
    }

    private static Detector detector(Path config, Path kubeconfig) {
        PitcrewConfig loaded = ConfigLoader.load(config);
        Detector detector = new Detector(loaded, Kubeconfig.read(kubeconfig), Doctor.loadRunbook(Optional.empty()),
                QuickServe.settings().detection(), Clock.systemUTC());
        detector.start();
        return detector;
    }

    private static List<String> causes(Detector detector) {
        DoctorReport report = detector.state().report();
        return report == null ? List.of("(no report yet)") : report.findings().stream().map(f -> f.cause()).toList();
    }

    private static List<String> regionsOf(Detector detector) {
        DoctorReport report = detector.state().report();
        return report == null ? List.of() : report.findings().stream().flatMap(f -> f.regions().stream()).toList();
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
