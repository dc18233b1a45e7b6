package io.pitcrew.drill;

import io.pitcrew.store.AuditLog;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The drills in the store, and what doctor and serve saw during the one running. One drill runs at a time per store:
 * it is what doctor, serve and the incident commands ask ("is a drill on?") to record sightings and hold
 * notifications, so two at once could not be told apart.
 */
public final class Drills {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String COLUMNS = "number, started_at, inject_at, scenarios, lab, started_by, ended_at, outcome, report";

    private final Store store;

    public Drills(Store store) {
        this.store = store;
    }

    /**
     * Records a drill armed now; refused (bad input) while another runs in this store. {@code arm} runs inside the
     * transaction, once the drill has its number: when it fails (the lab refused), nothing is recorded.
     */
    public Drill start(Instant startedAt, Instant injectAt, List<String> scenarios, String lab, String startedBy,
                       Consumer<Drill> arm) {
        // Two starting at once on PostgreSQL may pick the same number: the loser's transaction fails on the key, and
        // its caller disarms the lab it armed. No retry: the lab was armed once already.
        return store.transaction(c -> {
            Optional<Drill> running = running(c);
            if (running.isPresent()) throw alreadyRunning(running.get());
            long number;
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO drill (number, started_at, inject_at, scenarios, lab, started_by) "
                            + "SELECT COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ? FROM drill RETURNING number")) {
                st.setString(1, startedAt.toString());
                st.setString(2, injectAt.toString());
                st.setString(3, JSON.writeValueAsString(scenarios));
                st.setString(4, lab);
                st.setString(5, startedBy);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    number = rs.getLong(1);
                }
            }
            Drill started = new Drill(number, startedAt, injectAt, scenarios, lab, startedBy, Optional.empty());
            arm.accept(started);
            return started;
        });
    }

    /** The drill running now, if one is. */
    public Optional<Drill> running() {
        return store.transaction(Drills::running);
    }

    /** Whether a drill was running at {@code at}: started by then, and not ended yet or ended after it. */
    public boolean ranAt(Instant at) {
        return all().stream().anyMatch(d -> !d.startedAt().isAfter(at) && d.ending().map(e -> at.isBefore(e.at())).orElse(true));
    }

    /** Every drill, newest first. */
    public List<Drill> all() {
        return store.transaction(c -> query(c, "SELECT " + COLUMNS + " FROM drill ORDER BY number DESC"));
    }

    /** Ends a running drill; refused when it has ended already (someone else ended it meanwhile). */
    public Drill end(Drill drill, Drill.Ending ending) {
        return store.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE drill SET ended_at = ?, outcome = ?, report = ? WHERE number = ? AND ended_at IS NULL")) {
                st.setString(1, ending.at().toString());
                st.setString(2, ending.outcome());
                st.setString(3, ending.report());
                st.setLong(4, drill.number());
                if (st.executeUpdate() == 0) throw new IllegalArgumentException(drill.id() + " has ended already (pitcrew drill history)");
            }
            return new Drill(drill.number(), drill.startedAt(), drill.injectAt(), drill.scenarios(), drill.lab(),
                    drill.startedBy(), Optional.of(ending));
        });
    }

    /**
     * Records what a source saw, for the drill running now; nothing when none runs. Only the first sighting of each
     * finding by each source is kept: a detection time is the first, and doctor run every minute must not grow the
     * store.
     */
    public void sight(List<Sighting> sightings) {
        if (sightings.isEmpty()) return;
        try {
            store.transaction(c -> {
                Optional<Drill> running = running(c);
                if (running.isEmpty()) return null;
                for (Sighting s : sightings) {
                    try (PreparedStatement st = c.prepareStatement(
                            "INSERT INTO drill_sighting (drill, at, source, finding, regions) SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS "
                                    + "(SELECT 1 FROM drill_sighting WHERE drill = ? AND source = ? AND finding = ?)")) {
                        st.setLong(1, running.get().number());
                        st.setString(2, s.at().toString());
                        st.setString(3, s.source());
                        st.setString(4, s.finding());
                        st.setString(5, JSON.writeValueAsString(s.regions()));
                        st.setLong(6, running.get().number());
                        st.setString(7, s.source());
                        st.setString(8, s.finding());
                        st.executeUpdate();
                    }
                }
                return null;
            });
        } catch (StoreException e) {
            // serve and doctor sighting the same finding at once on PostgreSQL: the other's row is the first
            if (!(e.getCause() instanceof SQLException sql && AuditLog.isDuplicateKey(sql))) throw e;
        }
    }

    /** What doctor and serve saw during a drill, oldest first. */
    public List<Sighting> sightings(Drill drill) {
        return store.transaction(c -> {
            List<Sighting> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT at, source, finding, regions FROM drill_sighting WHERE drill = ?")) {
                st.setLong(1, drill.number());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Sighting(Instant.parse(rs.getString(1)), rs.getString(2), rs.getString(3),
                                JSON.readValue(rs.getString(4), STRINGS)));
                    }
                }
            }
            // times are ISO text of varying precision: ordered as instants, not as text
            out.sort((a, b) -> a.at().compareTo(b.at()));
            return out;
        });
    }

    private static Optional<Drill> running(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM drill WHERE ended_at IS NULL ORDER BY number DESC").stream().findFirst();
    }

    private static IllegalArgumentException alreadyRunning(Drill d) {
        return new IllegalArgumentException(d.id() + " is running since " + d.startedAt() + " on the lab in " + d.lab()
                + "; one drill at a time: end it first (pitcrew drill end --dir " + d.lab() + ")");
    }

    private static List<Drill> query(Connection c, String sql) throws SQLException {
        List<Drill> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String ended = rs.getString("ended_at");
                Optional<Drill.Ending> ending = ended == null ? Optional.empty()
                        : Optional.of(new Drill.Ending(Instant.parse(ended), rs.getString("outcome"), rs.getString("report")));
                out.add(new Drill(rs.getLong("number"), Instant.parse(rs.getString("started_at")), Instant.parse(rs.getString("inject_at")),
                        JSON.readValue(rs.getString("scenarios"), STRINGS), rs.getString("lab"), rs.getString("started_by"), ending));
            }
        }
        return out;
    }
}
