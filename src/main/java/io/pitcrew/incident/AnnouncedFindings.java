package io.pitcrew.incident;

import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.redact.Credentials;
import io.pitcrew.runbook.Finding;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The findings {@code pitcrew serve} has announced, kept in the store so that every replica, the next leader after a
 * failover and serve after a restart agree on what was said: which findings are open and since when, which resolved,
 * and how many of their transitions were announced.
 *
 * <p>A transition ({@code new}, {@code resolved}) is recorded by a write conditional on the row as read — inserted
 * under its primary key, or updated where its count of transitions is still the one read — together with its lines on
 * the timelines of the open incidents it concerns, in one transaction. So when two replicas record the same
 * transition, one of them does, once, and only that one announces it. Whether a sighting is a transition at all is
 * {@link #opens} and {@link #resolves}: pure, so a replica can skip what the store already has without a write.
 */
public final class AnnouncedFindings {

    /** Who writes a finding's lines on incident timelines. */
    public static final String ACTOR = "pitcrew serve";
    // a newer pitcrew may have stored more of a finding than this one knows
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String COLUMNS = "id, state, first_seen, resolved_at, transitions, announced, recorded_at, finding";
    private static final String OPEN = "open";
    private static final String RESOLVED = "resolved";

    private final Store store;
    private final Clock clock;
    private final String by;

    /** {@code by}: who records (the replica's identity), kept on each row for whoever looks into the store. */
    public AnnouncedFindings(Store store, Clock clock, String by) {
        this.store = store;
        this.clock = clock;
        this.by = by;
    }

    /**
     * A finding as the store has it.
     *
     * @param finding     the finding as last recorded: what a new leader announces of a finding it never saw itself
     * @param transitions how many were recorded, numbered from 1: odd ones opened the finding, even ones resolved it
     * @param announced   how many of them were announced (sent, or given up on after their retries)
     */
    public record Recorded(String id, Finding finding, boolean open, Instant firstSeen, Optional<Instant> resolvedAt,
                           long transitions, long announced, Instant recordedAt) {

        /** The transitions recorded but not announced, oldest first: what a replica stopped before saying. */
        public List<Transition> unannounced() {
            List<Transition> out = new ArrayList<>();
            for (long n = announced + 1; n <= transitions; n++) out.add(transition(n));
            return out;
        }

        Transition transition(long n) {
            // an earlier resolution of a finding open again kept no time of its own: when it was recorded stands in
            return new Transition(id, finding, n, n % 2 == 0 ? resolvedAt.filter(r -> n == transitions).orElse(recordedAt) : firstSeen);
        }
    }

    /** One transition of a finding: odd-numbered ones opened it ({@code new}), even ones resolved it. */
    public record Transition(String id, Finding finding, long number, Instant at) {
        public boolean resolved() {
            return number % 2 == 0;
        }
    }

    /**
     * Whether a finding seen since {@code firstSeen} opens it: the store has no row for it, or has it resolved before
     * then. A row resolved after {@code firstSeen} was resolved by a replica that saw this occurrence end sooner than
     * the caller (its evaluations lag by a moment): the caller's own lifecycle will resolve it too, so it is no new one.
     */
    public static boolean opens(Optional<Recorded> row, Instant firstSeen) {
        return row.map(r -> !r.open() && r.resolvedAt().orElse(r.recordedAt()).isBefore(firstSeen)).orElse(true);
    }

    /**
     * Whether a finding missed since {@code at} is resolved by it: the store has it open since before then. One opened
     * at or after {@code at} is another occurrence that the caller has not seen yet. No row at all means the finding
     * came and went without being recorded (no replica led meanwhile): both its transitions are.
     */
    public static boolean resolves(Optional<Recorded> row, Instant at) {
        return row.map(r -> r.open() && r.firstSeen().isBefore(at)).orElse(true);
    }

    /** Every open finding, and the rows of {@code ids} whatever their state. */
    public Map<String, Recorded> recorded(Collection<String> ids) {
        List<String> list = List.copyOf(ids);
        String sql = "SELECT " + COLUMNS + " FROM finding WHERE state = ?"
                + (list.isEmpty() ? "" : " OR id IN (" + String.join(", ", Collections.nCopies(list.size(), "?")) + ")");
        return store.transaction(c -> {
            Map<String, Recorded> out = new LinkedHashMap<>();
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, OPEN);
                for (int i = 0; i < list.size(); i++) st.setString(i + 2, list.get(i));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        Recorded r = row(rs);
                        out.put(r.id(), r);
                    }
                }
            }
            return out;
        });
    }

    /** The findings with a transition recorded but not announced, longest waiting first. */
    public List<Recorded> unannounced() {
        return store.transaction(c -> {
            List<Recorded> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM finding WHERE announced < transitions ORDER BY recorded_at");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        });
    }

    /**
     * Records that {@code id} is open, seen since {@code firstSeen}, when {@link #opens} says so of the row as it is
     * now in the store; with its line on the timelines it concerns.
     *
     * @return the transition recorded, for the caller to announce; empty when the store has it already
     */
    public List<Transition> opened(String id, Finding finding, Instant firstSeen) {
        return record(id, finding, row -> {
            if (!opens(row, firstSeen)) return Optional.empty();
            long n = row.map(Recorded::transitions).orElse(0L) + 1;
            return Optional.of(new Recorded(id, finding, true, firstSeen, Optional.empty(), n, row.map(Recorded::announced).orElse(0L), clock.instant()));
        });
    }

    /**
     * Records that {@code id}, seen since {@code firstSeen}, was resolved at {@code at} (when it was first missed), when
     * {@link #resolves} says so; with its lines on the timelines it concerns.
     *
     * @return the transitions recorded (two for a finding the store never had), for the caller to announce
     */
    public List<Transition> resolved(String id, Finding finding, Instant firstSeen, Instant at) {
        return record(id, finding, row -> {
            if (!resolves(row, at)) return Optional.empty();
            Instant since = row.map(Recorded::firstSeen).orElse(firstSeen);
            long n = row.map(Recorded::transitions).orElse(1L) + 1;
            return Optional.of(new Recorded(id, finding, false, since, Optional.of(at), n, row.map(Recorded::announced).orElse(0L), clock.instant()));
        });
    }

    /** Says that {@code t} was announced (sent, or given up on after its retries): no leader announces it again. */
    public void announced(Transition t) {
        store.transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE finding SET announced = ?, announced_at = ? WHERE id = ? AND announced < ?")) {
                st.setLong(1, t.number());
                st.setString(2, clock.instant().toString());
                st.setString(3, t.id());
                st.setLong(4, t.number());
                return st.executeUpdate();
            }
        });
    }

    /**
     * Whether an incident is about this finding: one of its linked findings has the same incident type and cause and
     * shares a region with it (or names none). Incidents link {@code incidentType/cause} with the regions of the
     * moment, while serve's id also names the regions; so a fault that spreads to another region, which serve sees
     * as a new finding, still reaches the incident declared for it, and the same cause in an unrelated region does not.
     */
    public static boolean linked(Incident incident, Finding f) {
        for (LinkedFinding l : incident.findings()) {
            if (!l.incidentType().equals(f.incidentType()) || !l.cause().equals(f.cause())) continue;
            if (l.regions().isEmpty() || f.regions().isEmpty() || l.regions().stream().anyMatch(f.regions()::contains)) return true;
        }
        return false;
    }

    /** A transition's line on a timeline. */
    static String line(Transition t) {
        return t.resolved()
                ? "resolved finding " + t.id() + ": not seen by pitcrew serve since " + t.at()
                : "new finding " + t.id() + " (" + t.finding().severity() + "): " + t.finding().summary();
    }

    /** A write that found the row changed since it was read: another replica recorded meanwhile. */
    private static final class Overtaken extends RuntimeException {
        Overtaken() {
            super(null, null, false, false);
        }
    }

    /**
     * Reads the row, asks {@code next} what it becomes (empty: nothing to record), and writes it with the timeline
     * lines of the transitions it adds, all in one transaction; run again whole when another replica wrote first.
     */
    private List<Transition> record(String id, Finding finding, Function<Optional<Recorded>, Optional<Recorded>> next) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.transaction(c -> {
                    Optional<Recorded> row = read(c, id);
                    Optional<Recorded> after = next.apply(row);
                    if (after.isEmpty()) return List.<Transition>of();
                    Recorded r = after.get();
                    if (row.isEmpty()) insert(c, r, finding);
                    else if (update(c, r, finding, row.get().transitions()) == 0) throw new Overtaken();
                    List<Transition> added = new ArrayList<>();
                    for (long n = row.map(Recorded::transitions).orElse(0L) + 1; n <= r.transitions(); n++) added.add(r.transition(n));
                    List<Incident> concerned = Incidents.open(c).stream().filter(i -> linked(i, finding)).toList();
                    for (Transition t : added) {
                        for (Incident i : concerned) Incidents.append(c, i.number(), TimelineEntry.of(clock.instant(), ACTOR, Kind.FINDING, line(t)));
                    }
                    return added;
                });
            } catch (StoreException e) {
                if (attempt < Incidents.ATTEMPTS && Incidents.duplicate(e)) continue;
                throw e;
            } catch (Overtaken e) {
                if (attempt < Incidents.ATTEMPTS) continue;
                throw new StoreException(store.where(), "changed finding " + id + " " + attempt + " times while pitcrew serve recorded it",
                        "nothing to do: the next evaluation records it", null);
            }
        }
    }

    private Optional<Recorded> read(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM finding WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private void insert(Connection c, Recorded r, Finding finding) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO finding (id, finding_key, state, first_seen, resolved_at, transitions, "
                + "announced, recorded_at, recorded_by, finding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, r.id());
            st.setString(2, finding.key());
            bind(st, 3, r, finding);
            st.executeUpdate();
        }
    }

    private int update(Connection c, Recorded r, Finding finding, long readTransitions) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE finding SET state = ?, first_seen = ?, resolved_at = ?, transitions = ?, "
                + "announced = ?, recorded_at = ?, recorded_by = ?, finding = ? WHERE id = ? AND transitions = ?")) {
            int k = bind(st, 1, r, finding);
            st.setString(k, r.id());
            st.setLong(k + 1, readTransitions);
            return st.executeUpdate();
        }
    }

    /** Binds state … finding from {@code k}; returns the next index. */
    private int bind(PreparedStatement st, int k, Recorded r, Finding finding) throws SQLException {
        st.setString(k++, r.open() ? OPEN : RESOLVED);
        st.setString(k++, r.firstSeen().toString());
        st.setString(k++, r.resolvedAt().map(Instant::toString).orElse(null));
        st.setLong(k++, r.transitions());
        st.setLong(k++, r.announced());
        st.setString(k++, r.recordedAt().toString());
        st.setString(k++, by);
        // evidence and summaries are scrubbed where they are made; what the process sent is hidden once more here
        st.setString(k++, Credentials.hideSent(JSON.writeValueAsString(finding)));
        return k;
    }

    private static Recorded row(ResultSet rs) throws SQLException {
        return new Recorded(rs.getString("id"), JSON.readValue(rs.getString("finding"), Finding.class), OPEN.equals(rs.getString("state")),
                Instant.parse(rs.getString("first_seen")), Optional.ofNullable(rs.getString("resolved_at")).map(Instant::parse),
                rs.getLong("transitions"), rs.getLong("announced"), Instant.parse(rs.getString("recorded_at")));
    }
}
