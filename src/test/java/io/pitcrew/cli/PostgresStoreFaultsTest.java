package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import io.pitcrew.incident.Incidents;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;
import io.pitcrew.store.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PostgreSQL store under faults: {@link StoreFaultsContract}, and a server that goes away. The machine's server is
 * shared with other tests, so it is not restarted: what a restart does to a client — its backend ended in the middle
 * of whatever it was doing — is done with {@code pg_terminate_backend}, to this test's connections only (found by
 * their application name). A server that is not there is the wrong port.
 */
class PostgresStoreFaultsTest extends StoreFaultsContract {

    @RegisterExtension
    final TestPostgres pg = new TestPostgres();

    /** The application name of this test's connections, so that only they are ended. */
    private final String application = "pitcrew-storefaults-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    protected String db() {
        return pg.url() + "&ApplicationName=" + application;
    }

    @Override
    protected String storeName() {
        return "PostgreSQL";
    }

    /** Ends the backend of every connection of this test's writers, as a restarting server does; how many it ended. */
    private int terminateBackends() throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.url());
             PreparedStatement st = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            st.setString(1, application);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aBackendEndedMidTransactionLeavesTheChangeWhollyAbsentAndTheNextOneWorks() throws Exception {
        try (Store store = Store.open(db())) {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            int before = incidents.timeline(1).size();
            assertThatThrownBy(() -> store.transaction(c -> {
                insertNote(c, 100, "first half");
                try {
                    assertThat(terminateBackends()).isEqualTo(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                insertNote(c, 101, "second half");
                return null;
            })).isInstanceOfSatisfying(StoreException.class, e -> {
                Run said = new Run(4, "", "error: " + StoreOptions.problem(e).render());
                assertThat(e.what()).startsWith("lost its connection to the PostgreSQL server 127.0.0.1:5432");
                assertThat(e.fix()).contains("try again");
                assertThat(said.err()).doesNotContain("Exception").doesNotContain("\tat ");
                message("the backend ended mid-transaction (pg_terminate_backend, as a restart does)", said, e.where(),
                        "neither half of the transaction there; the next change works on a new connection");
            });
            List<TimelineEntry> after = incidents.timeline(1);
            assertThat(after).hasSize(before).noneMatch(t -> t.text().endsWith("half"));
            incidents.append(1, "alice", Kind.NOTE, "after the restart");
            assertThat(incidents.timeline(1)).hasSize(before + 1);
        }
    }

    private static void insertNote(Connection c, long seq, String text) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO timeline (incident, seq, at, actor, kind, text) "
                + "VALUES (1, ?, '2026-12-05T00:00:00Z', 'alice', 'note', ?)")) {
            st.setLong(1, seq);
            st.setString(2, text);
            st.executeUpdate();
        }
    }

    @Test
    void backendsEndedAtRandomWhileBothWriteLoseNoAcknowledgedChangeAndTheNextOneWorks() throws Exception {
        long start = System.nanoTime();
        int ops = Math.max(OPS, 12);
        List<Writer> writers = List.of(Writer.start("cli", db(), config, "cli", ops), Writer.start("serve", db(), config, "serve", ops));
        for (Writer w : writers) w.awaitFirstAck();
        int ended = 0;
        int kills = 0;
        // ended at random until each has made two thirds of its changes (serve's writer, which keeps its store open,
        // is the faster), then left alone to finish
        while (writers.stream().anyMatch(w -> w.alive() && tries(w) < ops * 2 / 3)) {
            Thread.sleep(20 + random.nextInt(130));
            ended += terminateBackends();
            kills++;
        }
        List<Integer> calm = writers.stream().map(w -> w.lines().size()).toList();
        for (Writer w : writers) w.awaitExit();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            List<String> own = writers.get(i).lines();
            lines.addAll(own);
            // once the server is back, every change goes through: the one in flight at the last ending aside, whose
            // outcome is the first said after it
            List<String> later = own.subList(calm.get(i), own.size()).stream()
                    .filter(l -> l.startsWith("try ") || l.startsWith("acked ") || l.startsWith("failed ")).toList();
            if (!later.isEmpty() && !later.getFirst().startsWith("try ")) later = later.subList(1, later.size());
            assertThat(later).as("seed " + SEED + ": after the last ending\n" + String.join("\n", own)).noneMatch(l -> l.startsWith("failed "));
        }
        Tally t = verify(lines);
        long failed = lines.stream().filter(l -> l.startsWith("failed ")).count();
        count("backends ended at random (" + kills + " times, " + ended + " connections) while both write, " + failed
                + " changes refused", t, Duration.ofNanos(System.nanoTime() - start));
        assertThat(t.acked() + failed).isEqualTo(t.attempted());
    }

    private static long tries(Writer w) {
        return w.lines().stream().filter(l -> l.startsWith("try ")).count();
    }

    @Test
    void aServerThatIsNotThereIsOneClearMessage() {
        Run r = FixCommandTest.pitcrew("incident", "list", "--db", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2",
                "--config", config.toString());
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("error: jdbc:postgresql://127.0.0.1:1/test: cannot connect to the PostgreSQL server 127.0.0.1:1")
                .contains("fix: check that the server is running").doesNotContain("\tat ");
        message("not there (the wrong port)", r, "jdbc:postgresql://127.0.0.1:1/test", "nothing to write; the same for every command");
    }
}
