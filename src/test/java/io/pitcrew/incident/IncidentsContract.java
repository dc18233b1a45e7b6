package io.pitcrew.incident;

import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Incidents in the store, on every database: one subclass per database, same tests. */
public abstract class IncidentsContract {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    protected abstract String target();

    protected abstract void sql(String sql) throws SQLException;

    Incidents incidents(Store store) {
        return new Incidents(store, CLOCK);
    }

    @Test
    void declaredIncidentsAreNumberedAndReadBackWholeAcrossOpens() {
        Declaration d = new Declaration("Workspaces restarting in Oregon", Severity.P1, "2026-11 workshop",
                Optional.of(Instant.parse("2026-11-25T09:40:00Z")), Optional.empty(), List.of("us-west-2"),
                List.of(new LinkedFinding("workspace-restarts", "key-rotation", "P1", List.of("us-west-2", "eu-west-2"), "LiteLLM key rotation")),
                Optional.of("alice"));
        Incident first;
        try (Store store = Store.open(target())) {
            first = incidents(store).declare(d, "alice");
            assertThat(incidents(store).declare(Declaration.of("second", Severity.P3), "bob").id()).isEqualTo("INC-2");
        }
        try (Store store = Store.open(target())) {
            Incident read = incidents(store).get("INC-1");
            assertThat(read).isEqualTo(first);
            assertThat(read.regions()).containsExactly("us-west-2", "eu-west-2");
            assertThat(read.commander()).contains("alice");
            assertThat(read.times().started()).isEqualTo(Instant.parse("2026-11-25T09:40:00Z"));
            assertThat(read.times().detected()).isEqualTo(read.times().declared());
            assertThat(read.checklist().items()).hasSize(7);
            assertThat(read.version()).isEqualTo(1);
            assertThat(incidents(store).timeline(1)).extracting(TimelineEntry::kind)
                    .containsExactly(Kind.DECLARED, Kind.ROLE, Kind.FINDING);
            assertThat(incidents(store).all()).extracting(Incident::id).containsExactly("INC-2", "INC-1");
        }
    }

    @Test
    void aStaleWriteFailsAndSaysWhoChangedTheIncident() {
        try (Store store = Store.open(target())) {
            Incidents incidents = incidents(store);
            incidents.declare(Declaration.of("LiteLLM 401s", Severity.P2), "alice");
            Incident alicesRead = incidents.get("INC-1");
            Incident bobsRead = incidents.get("INC-1");
            incidents.save(alicesRead, Lifecycle.severity(alicesRead, Severity.P1, "", "alice", CLOCK.instant()));
            assertThatThrownBy(() -> incidents.save(bobsRead, Lifecycle.severity(bobsRead, Severity.P3, "", "bob", CLOCK.instant())))
                    .isInstanceOf(StaleIncident.class)
                    .hasMessageContaining("INC-1 was changed by alice").hasMessageContaining("not written");
            Incident now = incidents.get("INC-1");
            assertThat(now.severity()).isEqualTo(Severity.P1);
            assertThat(now.version()).isEqualTo(2);
            assertThat(incidents.timeline(1)).extracting(TimelineEntry::actor).containsExactly("alice", "alice");
        }
    }

    @Test
    void aChangeThatLostARaceIsAppliedAgainToTheNewVersionWhenItStillApplies() {
        try (Store store = Store.open(target())) {
            Incidents incidents = incidents(store);
            incidents.declare(Declaration.of("Provisioners queueing", Severity.P2), "alice");
            List<String> interleaved = new ArrayList<>();
            // bob's note-worthy change lands between alice's read and her write, once
            Incident result = incidents.change("INC-1", read -> {
                if (interleaved.isEmpty()) {
                    interleaved.add("bob");
                    Incident bobs = incidents.get("INC-1");
                    incidents.save(bobs, Lifecycle.assign(bobs, "commander", "bob", "bob", CLOCK.instant()));
                }
                return Lifecycle.severity(read, Severity.P1, "more users affected", "alice", CLOCK.instant());
            });
            assertThat(result.severity()).isEqualTo(Severity.P1);
            assertThat(result.commander()).contains("bob");
            assertThat(result.version()).isEqualTo(3);
        }
    }

    @Test
    void aChangeThatNoLongerAppliesIsRefusedNamingWhoseChangeCameFirst() {
        try (Store store = Store.open(target())) {
            Incidents incidents = incidents(store);
            incidents.declare(Declaration.of("DNS", Severity.P2), "alice");
            boolean[] raced = {false};
            assertThatThrownBy(() -> incidents.change("INC-1", read -> {
                if (!raced[0]) {
                    raced[0] = true;
                    Incident bobs = incidents.get("INC-1");
                    incidents.save(bobs, Lifecycle.severity(bobs, Severity.P1, "", "bob", CLOCK.instant()));
                }
                return Lifecycle.severity(read, Severity.P1, "", "alice", CLOCK.instant());
            })).isInstanceOf(ChangeRefused.class).hasMessageContaining("changed by bob").hasMessageContaining("is P1 already");
        }
    }

    @Test
    void respondersChangingOneIncidentAtOnceAllLandAndNoneOverwritesAnother() throws Exception {
        try (Store store = Store.open(target())) {
            incidents(store).declare(Declaration.of("Provisioners queueing", Severity.P2), "alice");
        }
        List<String> roles = List.of("comms", "scribe", "liaison", "ops", "observer");
        // five responders, one thread each, released together: each loses at most four races, within ATTEMPTS
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(roles.size())) {
            List<Future<Incident>> done = new ArrayList<>();
            for (String role : roles) {
                done.add(pool.submit(() -> {
                    start.await();
                    try (Store store = Store.open(target())) {
                        return incidents(store).change("INC-1", read -> Lifecycle.assign(read, role, role + "-person", role + "-person", CLOCK.instant()));
                    }
                }));
            }
            start.countDown();
            for (var f : done) f.get(60, TimeUnit.SECONDS);
        }
        try (Store store = Store.open(target())) {
            Incident after = incidents(store).get("INC-1");
            assertThat(after.roles()).containsOnlyKeys(roles.toArray(String[]::new));
            assertThat(after.version()).isEqualTo(1 + roles.size());
            assertThat(incidents(store).timeline(1)).filteredOn(e -> e.kind() == Kind.ROLE).hasSize(roles.size());
        }
    }

    @Test
    void theTimelineIsAppendOnlyInTheDatabase() {
        try (Store store = Store.open(target())) {
            incidents(store).declare(Declaration.of("x", Severity.P3), "alice");
        }
        assertThatThrownBy(() -> sql("UPDATE timeline SET text = 'nothing happened'")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("DELETE FROM timeline")).hasMessageContaining("append-only");
    }

    @Test
    void concurrentNotesAllLandInOrderWithoutGaps() {
        try (Store store = Store.open(target())) {
            incidents(store).declare(Declaration.of("x", Severity.P3), "alice");
        }
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        IntStream.range(0, 6).parallel().forEach(i -> {
            try (Store store = Store.open(target())) {
                for (int k = 0; k < 4; k++) seqs.add(incidents(store).append(1, "w" + i, Kind.NOTE, "note " + k).seq());
            }
        });
        assertThat(List.copyOf(seqs)).hasSize(24).doesNotHaveDuplicates();
        try (Store store = Store.open(target())) {
            assertThat(incidents(store).timeline(1)).extracting(TimelineEntry::seq)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 25).mapToObj(i -> (long) i).toList());
        }
    }

    @Test
    void aChangeIsWrittenWholeOrNotAtAll() throws Exception {
        try (Store store = Store.open(target())) {
            incidents(store).declare(Declaration.of("x", Severity.P2), "alice");
        }
        // a log line the database refuses (too long for actor) after the incident row was updated: both roll back
        String huge = "x".repeat(300);
        try (Store store = Store.open(target())) {
            Incidents incidents = incidents(store);
            Incident read = incidents.get("INC-1");
            Changed bad = new Changed(Lifecycle.severity(read, Severity.P1, "", "alice", CLOCK.instant()).incident(),
                    List.of(TimelineEntry.of(CLOCK.instant(), "alice", Kind.NOTE, "fine"),
                            TimelineEntry.of(CLOCK.instant(), huge, Kind.NOTE, "refused")));
            if (store.vendor() == Store.Vendor.SQLITE) {
                // SQLite does not enforce VARCHAR lengths: make the second insert fail on the foreign key instead
                bad = new Changed(bad.incident(), bad.entries().subList(0, 1));
                sql("CREATE TRIGGER fail_second AFTER INSERT ON timeline WHEN NEW.text = 'fine' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
            }
            Changed attempt = bad;
            assertThatThrownBy(() -> incidents.save(read, attempt)).isInstanceOf(RuntimeException.class);
            Incident after = incidents.get("INC-1");
            assertThat(after.severity()).isEqualTo(Severity.P2);
            assertThat(after.version()).isEqualTo(1);
            assertThat(incidents.timeline(1)).hasSize(1);
        }
    }

    /**
     * Kill-safety: a child JVM declares incidents (each with several log lines, one transaction) and says "acked" after
     * each commit; it is killed with SIGKILL mid-stream. Every acknowledged incident must be there whole, and no
     * incident may be there in part.
     */
    @Test
    void killingTheProcessMidWriteLosesNoAcknowledgedEntryAndLeavesNoHalfIncident() throws Exception {
        Store.open(target()).close();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", DeclareUntilKilled.class.getName(), target())
                .redirectErrorStream(true).start();
        List<String> acked = new ArrayList<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < 15 && (line = r.readLine()) != null) {
                output.add(line);
                if (line.startsWith("acked ")) acked.add(line.substring(6));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).as(String.join("\n", output)).hasSize(15);
        try (Store store = Store.open(target())) {
            Incidents incidents = incidents(store);
            List<Incident> all = incidents.all();
            assertThat(all).extracting(Incident::id).containsAll(acked);
            for (Incident i : all) {
                assertThat(incidents.timeline(i.number())).as(i.id()).hasSize(DeclareUntilKilled.FINDINGS + 1);
            }
        }
    }

    @Test
    void resolvingKeepsTheRunbooksOrder() {
        try (Store store = Store.open(target())) {
            Incidents incidents = incidents(store);
            incidents.declare(Declaration.of("Outage", Severity.P0), "alice");
            assertThatThrownBy(() -> incidents.change("INC-1", i -> Lifecycle.status(i, IncidentStatus.IDENTIFIED, "", "alice", CLOCK.instant())))
                    .isInstanceOf(ChangeRefused.class).hasMessageContaining("needs an incident commander");
            incidents.change("INC-1", i -> Lifecycle.assign(i, "IC", "alice", "alice", CLOCK.instant()));
            incidents.change("INC-1", i -> Lifecycle.status(i, IncidentStatus.IDENTIFIED, "", "alice", CLOCK.instant()));
            Incident resolved = incidents.change("INC-1", i -> Lifecycle.resolve(i, "expired Bedrock keys", "alice", CLOCK.instant()));
            assertThat(resolved.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(resolved.times().mitigated()).isPresent();
            assertThat(resolved.checklist().item("root-cause").orElseThrow().checkedBy()).isEqualTo("pitcrew");
            assertThat(incidents.open()).isEmpty();
        }
    }
}
