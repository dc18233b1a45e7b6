package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import io.pitcrew.incident.AnnouncedFindings;
import io.pitcrew.incident.AnnouncedFindings.Recorded;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incident;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store under faults, on every database (one subclass per database): writers in separate processes, as in real
 * use — {@code pitcrew incident} commands, and serve's writes on one store kept open ({@link StoreWriter}) — at once,
 * then killed with SIGKILL at random points. Afterwards every change a writer got acknowledged is in the store, and
 * nothing is there in part: every incident has its declared line, no note or audit row is there twice, every finding
 * has exactly the timeline lines of the transitions it recorded, alternating new and resolved.
 *
 * <p>Each case's figures (changes attempted, acknowledged, found) go to {@link StoreFaultFigures}. The default run
 * makes {@value #DEFAULT_OPS} changes a writer and {@value #DEFAULT_ROUNDS} kill rounds; {@code
 * -Dpitcrew.storefaults.rounds=N} and {@code -Dpitcrew.storefaults.ops=N} make more (bench/store-faults.sh), {@code
 * -Dpitcrew.storefaults.seed=S} draws the kill delays of a run again (its seed is in every failure).
 */
abstract class StoreFaultsContract {

    static final int DEFAULT_OPS = 6;
    static final int DEFAULT_ROUNDS = 1;
    static final int OPS = Integer.getInteger("pitcrew.storefaults.ops", DEFAULT_OPS);
    static final int ROUNDS = Integer.getInteger("pitcrew.storefaults.rounds", DEFAULT_ROUNDS);
    static final long SEED = Long.getLong("pitcrew.storefaults.seed", System.nanoTime());
    private static final Map<Class<?>, List<String>> COUNTS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, List<String>> MESSAGES = new ConcurrentHashMap<>();

    @TempDir
    Path tmp;

    Path config;
    final Random random = new Random(SEED);

    /** The store as {@code --db} names it. */
    protected abstract String db();

    /** SQLite or PostgreSQL, for the figures. */
    protected abstract String storeName();

    @BeforeEach
    void sharedIncident() throws IOException {
        config = tmp.resolve("pitcrew.yaml");
        Files.writeString(config, "regions:\n  - {name: us-east-2, role: control-plane, domain: ai.coder.com}\n");
        try (Store store = Store.open(db())) {
            List<LinkedFinding> linked = IntStream.range(0, StoreWriter.FINDINGS)
                    .mapToObj(j -> new LinkedFinding(StoreWriter.TYPE, "cause-" + j, "P2", List.of("us-east-2"), "cause " + j)).toList();
            Incident shared = new Incidents(store, Clock.systemUTC()).declare(new Declaration("shared", Severity.P2, "", Optional.empty(),
                    Optional.empty(), List.of(), linked, Optional.empty()), "setup");
            assertThat(shared.id()).isEqualTo("INC-1");
        }
    }

    @AfterEach
    void figures() {
        StoreFaultFigures.write(getClass(), COUNTS.getOrDefault(getClass(), List.of()), MESSAGES.getOrDefault(getClass(), List.of()));
    }

    void count(String fault, Tally t, Duration took) {
        COUNTS.computeIfAbsent(getClass(), c -> Collections.synchronizedList(new ArrayList<>())).add("| " + storeName() + " | " + fault
                + " | " + t.attempted() + " | " + t.acked() + " | " + t.found() + " | " + t.inFlightThere() + " / " + t.inFlightAbsent()
                + " | " + String.format("%.1f s", took.toMillis() / 1000.0) + " |");
    }

    void message(String fault, Run r, String hidden, String afterwards) {
        String said = r.err().strip().replace(hidden, "FILE").replace(tmp.toString(), "TMP").replace("|", "\\|").replace("\n", "<br>");
        MESSAGES.computeIfAbsent(getClass(), c -> Collections.synchronizedList(new ArrayList<>())).add("| " + storeName() + " | " + fault
                + " | " + r.exit() + " | " + said + " | " + afterwards + " |");
    }

    @Test
    void concurrentWritersFromTheCommandLineAndServeLoseNothingAndHalveNothing() throws Exception {
        long start = System.nanoTime();
        List<Writer> writers = List.of(Writer.start("cli", db(), config, "cli", OPS), Writer.start("serve", db(), config, "serve", OPS));
        for (Writer w : writers) w.awaitExit();
        List<String> lines = new ArrayList<>();
        writers.forEach(w -> lines.addAll(w.lines()));
        Tally t = verify(lines);
        assertThat(t.acked()).as(String.join("\n", lines)).isEqualTo(t.attempted());
        count("two writers at once (command line, serve), " + OPS + " changes each", t, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void sigkillAtRandomPointsLosesNoAcknowledgedChangeAndLeavesNothingHalfWritten() throws Exception {
        long start = System.nanoTime();
        List<String> lines = new ArrayList<>();
        Tally t = null;
        for (int round = 1; round <= ROUNDS; round++) {
            List<Writer> writers = List.of(Writer.start("cli", db(), config, "cli" + round, 0),
                    Writer.start("serve", db(), config, "serve" + round, 0));
            // each is killed on its own, at a point drawn anew each round once it has written (mid-commit,
            // mid-command, between two): drawn from its first acknowledgement on, however slowly the JVM started
            for (Writer w : writers) w.awaitFirstAck();
            long[] at = {random.nextInt(1000), random.nextInt(1000)};
            long from = System.nanoTime();
            for (int i : at[0] <= at[1] ? new int[] {0, 1} : new int[] {1, 0}) {
                long wait = at[i] - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
                if (wait > 0) Thread.sleep(wait);
                writers.get(i).kill();
            }
            writers.forEach(w -> lines.addAll(w.lines()));
            t = verify(lines);
        }
        count("SIGKILL of both writers at random points, " + ROUNDS + " rounds", t, Duration.ofNanos(System.nanoTime() - start));
    }

    /** What the writers tried, got acknowledged, and what of it is in the store; asserts that nothing is lost or halved. */
    Tally verify(List<String> lines) {
        List<String> tried = lines.stream().filter(l -> l.startsWith("try ")).map(l -> l.substring(4)).toList();
        List<String> acked = lines.stream().filter(l -> l.startsWith("acked ")).map(l -> l.substring(6)).toList();
        String why = "seed " + SEED + "\n" + String.join("\n", lines);
        try (Store store = Store.open(db())) {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            Map<String, Integer> titles = new HashMap<>();
            for (Incident i : incidents.all()) {
                titles.merge(i.title(), 1, Integer::sum);
                assertThat(incidents.timeline(i.number())).as(why + "\n" + i.id() + ": its declared line, once")
                        .filteredOn(e -> e.kind() == Kind.DECLARED).hasSize(1);
            }
            List<TimelineEntry> shared = incidents.timeline(1);
            Map<String, Integer> notes = tally(shared.stream().filter(e -> e.kind() == Kind.NOTE).map(TimelineEntry::text).toList());
            Map<String, Integer> audit = tally(store.audit().latest(1_000_000).stream().map(AuditEntry::parameters)
                    .map(p -> p.replaceAll("^\\{\"key\":\"(.*)\"}$", "$1")).toList());
            Map<String, Long> transitions = transitions(store, shared, why);

            Function<String, Integer> found = key -> {
                String text = key.substring(key.indexOf(':') + 1);
                if (key.startsWith("declare:")) return titles.getOrDefault(text, 0);
                if (key.startsWith("note:")) return notes.getOrDefault(text, 0);
                if (key.startsWith("audit:")) return audit.getOrDefault(text, 0);
                throw new IllegalStateException(key);
            };
            int attempted = tried.size();
            int foundAcked = 0;
            int there = 0;
            int absent = 0;
            Map<String, Integer> ackedTransitions = new HashMap<>();
            for (String key : acked) {
                if (key.startsWith("finding:")) {
                    String id = key.substring(8, key.lastIndexOf('#'));
                    long n = Long.parseLong(key.substring(key.lastIndexOf('#') + 1));
                    assertThat(n).as(why + "\n" + key + " acknowledged, recorded").isLessThanOrEqualTo(transitions.getOrDefault(id, 0L));
                    ackedTransitions.merge(id, 1, Integer::sum);
                    foundAcked++;
                } else {
                    assertThat(found.apply(key)).as(why + "\n" + key + " acknowledged, found once").isEqualTo(1);
                    foundAcked++;
                }
            }
            Map<String, Integer> unackedFindingTries = new HashMap<>();
            for (String key : unacknowledged(lines)) {
                if (key.startsWith("finding:")) {
                    unackedFindingTries.merge(key.substring(8), 1, Integer::sum);
                    continue;
                }
                int n = found.apply(key);
                assertThat(n).as(why + "\n" + key + " not acknowledged: there once or not at all").isLessThanOrEqualTo(1);
                if (n == 1) there++;
                else absent++;
            }
            for (Map.Entry<String, Integer> e : unackedFindingTries.entrySet()) {
                long landed = transitions.getOrDefault(e.getKey(), 0L) - ackedTransitions.getOrDefault(e.getKey(), 0);
                assertThat(landed).as(why + "\n" + e.getKey() + ": transitions recorded beyond the acknowledged ones")
                        .isBetween(0L, (long) e.getValue());
                there += (int) landed;
                absent += e.getValue() - (int) landed;
            }
            return new Tally(attempted, acked.size(), foundAcked, there, absent);
        }
    }

    /**
     * Each finding's transitions as the store counts them, checked against its lines on the shared timeline: one line
     * a transition, new and resolved in turn, so none was recorded twice or without its line.
     */
    private static Map<String, Long> transitions(Store store, List<TimelineEntry> shared, String why) {
        List<String> ids = IntStream.range(0, StoreWriter.FINDINGS).mapToObj(StoreWriter::findingId).toList();
        Map<String, Recorded> rows = new AnnouncedFindings(store, Clock.systemUTC(), "check").recorded(ids);
        Map<String, Long> out = new HashMap<>();
        for (String id : ids) {
            List<String> said = shared.stream().filter(e -> e.kind() == Kind.FINDING).map(TimelineEntry::text)
                    .filter(t -> t.startsWith("new finding " + id + " ") || t.startsWith("resolved finding " + id + ":")).toList();
            long recorded = rows.containsKey(id) ? rows.get(id).transitions() : 0;
            assertThat(said).as(why + "\n" + id + ": one line for each of its " + recorded + " transitions").hasSize((int) recorded);
            for (int n = 0; n < said.size(); n++) {
                assertThat(said.get(n)).as(why + "\n" + id + " transition " + (n + 1)).startsWith(n % 2 == 0 ? "new finding" : "resolved finding");
            }
            out.put(id, recorded);
        }
        return out;
    }

    /** The changes tried and never acknowledged: failed, or in flight when the writer was killed. */
    private static List<String> unacknowledged(List<String> lines) {
        List<String> out = new ArrayList<>();
        String pending = null;
        for (String l : lines) {
            if (l.equals("ready")) {
                if (pending != null) out.add(pending);
                pending = null;
            } else if (l.startsWith("try ")) {
                if (pending != null) out.add(pending);
                pending = l.substring(4);
            } else if (l.startsWith("acked ") && pending != null) {
                pending = null;
            }
        }
        if (pending != null) out.add(pending);
        return out;
    }

    private static Map<String, Integer> tally(List<String> values) {
        Map<String, Integer> out = new HashMap<>();
        values.forEach(v -> out.merge(v, 1, Integer::sum));
        return out;
    }

    /** changes attempted; acknowledged; acknowledged and found; not acknowledged but there whole; not there. */
    record Tally(int attempted, int acked, int found, int inFlightThere, int inFlightAbsent) {}

    /** A {@link StoreWriter} in a JVM of its own, its lines collected as it says them. */
    static final class Writer {
        private final Process process;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch acked = new CountDownLatch(1);
        private final Thread reader;

        private Writer(Process process) {
            this.process = process;
            this.reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                        if (line.startsWith("acked ")) acked.countDown();
                    }
                } catch (IOException closed) {
                    // the process was killed mid-line: what was said before stands
                }
            });
        }

        static Writer start(String mode, String db, Path config, String tag, int count) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            // C1 only and a small heap: these JVMs live seconds, and start faster so
            return new Writer(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", StoreWriter.class.getName(), mode, db, config.toString(), tag,
                    String.valueOf(count)).redirectErrorStream(true).start());
        }

        void awaitFirstAck() throws InterruptedException {
            assertThat(acked.await(60, TimeUnit.SECONDS)).as("the writer wrote: " + String.join("\n", lines)).isTrue();
        }

        void awaitExit() throws InterruptedException {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the writer finished: " + String.join("\n", lines)).isTrue();
            reader.join(10_000);
            assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        }

        /** SIGKILL: no shutdown hook, no rollback, no flush. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }

        boolean alive() {
            return process.isAlive();
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }
}
