package io.pitcrew.incident;

import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.AuditLog;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The incidents in the store. Every write is one transaction: an incident and the log lines that record its change
 * are committed together or not at all, so a crash never leaves half an incident. A change is written only over the
 * version it was worked out from (optimistic locking), so two responders never overwrite each other.
 */
public final class Incidents {

    /** Lost races in a row before giving up: an incident changing that fast needs a human to look. */
    static final int ATTEMPTS = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "number, title, severity, status, workshop, started_at, detected_at, declared_at, "
            + "acknowledged_at, mitigated_at, resolved_at, roles, regions, findings, root_cause, workarounds, follow_ups, "
            + "checklist, version, changed_by, changed_at";

    private final Store store;
    private final Clock clock;

    public Incidents(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Declares a new incident: the next number, its first version and its first log lines, in one transaction. */
    public Incident declare(Declaration d, String actor) {
        Instant at = clock.instant();
        for (int attempt = 1; ; attempt++) {
            try {
                return store.transaction(c -> {
                    long number;
                    try (PreparedStatement st = c.prepareStatement("SELECT COALESCE(MAX(number), 0) + 1 FROM incident");
                         ResultSet rs = st.executeQuery()) {
                        rs.next();
                        number = rs.getLong(1);
                    }
                    Changed changed = Lifecycle.declare(number, d, actor, at);
                    Incident first = changed.incident().written(1, actor, at);
                    insert(c, first);
                    for (TimelineEntry e : changed.entries()) append(c, number, e);
                    return first;
                });
            } catch (StoreException e) {
                // two declaring at once on PostgreSQL may pick the same number: the loser takes the next one
                if (attempt < ATTEMPTS && duplicate(e)) continue;
                throw e;
            }
        }
    }

    public Optional<Incident> find(long number) {
        return store.transaction(c -> read(c, number));
    }

    /** The incident {@code id} names ({@code INC-3} or {@code 3}); bad input when there is none. */
    public Incident get(String id) {
        long n = Incident.number(id);
        return find(n).orElseThrow(() -> new IllegalArgumentException("no incident INC-" + n + " in this store"
                + " (pitcrew incident list shows them)"));
    }

    /** Every incident, newest first. */
    public List<Incident> all() {
        return store.transaction(Incidents::all);
    }

    public List<Incident> open() {
        return all().stream().filter(Incident::open).toList();
    }

    /** The open incidents, read in a transaction of the caller's (one that writes their timelines too). */
    static List<Incident> open(Connection c) throws SQLException {
        return all(c).stream().filter(Incident::open).toList();
    }

    private static List<Incident> all(Connection c) throws SQLException {
        List<Incident> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM incident ORDER BY number DESC");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) out.add(row(rs));
        }
        return out;
    }

    /**
     * The incident a command means: the one named, else the only open one; bad input when none is named and there is
     * not exactly one open incident.
     */
    public Incident named(Optional<String> id) {
        if (id.isPresent()) return get(id.get());
        List<Incident> open = open();
        if (open.size() == 1) return open.getFirst();
        if (open.isEmpty()) {
            // after resolve, the follow-ups and the checklist still concern the last incident: say its id
            String latest = all().stream().findFirst().map(i -> "; the latest is " + i.id() + " (" + i.status().id() + "): name it").orElse("; declare one");
            throw new IllegalArgumentException("no open incident" + latest);
        }
        throw new IllegalArgumentException(open.size() + " incidents are open (" + String.join(", ",
                open.stream().map(Incident::id).toList()) + "): name one");
    }

    /** The incident's log, oldest first. */
    public List<TimelineEntry> timeline(long number) {
        return store.transaction(c -> {
            List<TimelineEntry> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT incident, seq, at, actor, kind, text FROM timeline WHERE incident = ? ORDER BY seq")) {
                st.setLong(1, number);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TimelineEntry(rs.getLong(1), rs.getLong(2), Instant.parse(rs.getString(3)), rs.getString(4),
                                Kind.of(rs.getString(5)), rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Writes {@code changed} over {@code read}: only if nobody wrote the incident since it was read; else nothing is
     * written and {@link StaleIncident} says who did.
     */
    public Incident save(Incident read, Changed changed) {
        Instant at = clock.instant();
        Incident next = changed.incident().written(read.version() + 1, changed.entries().isEmpty() ? read.changedBy()
                : changed.entries().getFirst().actor(), at);
        for (int attempt = 1; ; attempt++) {
            try {
                return store.transaction(c -> {
                    if (update(c, next, read.version()) == 0) {
                        Incident now = read(c, read.number()).orElseThrow(() -> new IllegalArgumentException("no incident " + read.id()));
                        throw new StaleIncident(read.id(), read.version(), now.version(), now.changedBy(), now.changedAt());
                    }
                    for (TimelineEntry e : changed.entries()) append(c, read.number(), e);
                    return next;
                });
            } catch (StoreException e) {
                // someone appended a log line (a note) at the same moment: the incident row is ours, retry the log
                if (attempt < ATTEMPTS && duplicate(e)) continue;
                throw e;
            }
        }
    }

    /**
     * Read, change, write, as one responder's command: when someone else's write comes between the read and the
     * write, the change is worked out again from what is there now, and written if it still applies. When it no
     * longer does, the refusal says whose change came first.
     */
    public Incident change(String id, Function<Incident, Changed> change) {
        long n = Incident.number(id);
        StaleIncident lost = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Incident read = get("INC-" + n);
            Changed changed;
            try {
                changed = change.apply(read);
            } catch (ChangeRefused refused) {
                if (lost == null) throw refused;
                throw new ChangeRefused(lost.getMessage().replace("; your change was not written", "")
                        + ", and your change no longer applies: " + refused.getMessage());
            }
            try {
                return save(read, changed);
            } catch (StaleIncident e) {
                lost = e;
            }
        }
        throw lost;
    }

    /** pitcrew checks a checklist item itself; nothing happens when someone checked it already, even meanwhile. */
    public void autoCheck(Incident incident, String key, String why) {
        if (Lifecycle.autoCheck(incident, key, why, now()).isEmpty()) return;
        try {
            change(incident.id(), read -> Lifecycle.autoCheck(read, key, why, now())
                    .orElseThrow(() -> new ChangeRefused(key + " checked already")));
        } catch (ChangeRefused checkedMeanwhile) {
            // someone checked it between the two reads: nothing left to do
        }
    }

    /** Appends lines that change nothing else (a note, a decision, a notification attempt), in one transaction. */
    public List<TimelineEntry> append(long number, List<TimelineEntry> entries) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.transaction(c -> {
                    if (read(c, number).isEmpty()) throw new IllegalArgumentException("no incident INC-" + number + " in this store");
                    List<TimelineEntry> out = new ArrayList<>();
                    for (TimelineEntry e : entries) out.add(append(c, number, e));
                    return out;
                });
            } catch (StoreException e) {
                if (attempt < ATTEMPTS && duplicate(e)) continue;
                throw e;
            }
        }
    }

    /** A line a person wrote (a note, a decision, a participant update), by {@link Lifecycle#written}'s rules. */
    public TimelineEntry write(long number, String actor, Kind kind, String text) {
        return append(number, List.of(Lifecycle.written(kind, actor, text, clock.instant()))).getFirst();
    }

    public TimelineEntry append(long number, String actor, Kind kind, String text) {
        return append(number, List.of(TimelineEntry.of(clock.instant(), actor, kind, text))).getFirst();
    }

    /** Whether a transaction lost a race for a key (a timeline line's seq, a new row) and may be run again whole. */
    static boolean duplicate(StoreException e) {
        return e.getCause() instanceof SQLException s && AuditLog.isDuplicateKey(s);
    }

    static TimelineEntry append(Connection c, long number, TimelineEntry e) throws SQLException {
        // the next seq is chosen inside the INSERT; two writers on PostgreSQL may pick the same one and the loser's
        // transaction is retried whole (see duplicate)
        try (PreparedStatement st = c.prepareStatement("INSERT INTO timeline (incident, seq, at, actor, kind, text) "
                + "SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM timeline WHERE incident = ? RETURNING seq")) {
            st.setLong(1, number);
            st.setString(2, e.at().toString());
            st.setString(3, e.actor());
            st.setString(4, e.kind().id());
            st.setString(5, e.text());
            st.setLong(6, number);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new TimelineEntry(number, rs.getLong(1), e.at(), e.actor(), e.kind(), e.text());
            }
        }
    }

    private static void insert(Connection c, Incident i) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO incident (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setLong(1, i.number());
            int k = bind(st, 2, i);
            st.setLong(k, i.version());
            st.setString(k + 1, i.changedBy());
            st.setString(k + 2, i.changedAt().toString());
            st.executeUpdate();
        }
    }

    private static int update(Connection c, Incident i, long readVersion) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE incident SET title = ?, severity = ?, status = ?, workshop = ?, "
                + "started_at = ?, detected_at = ?, declared_at = ?, acknowledged_at = ?, mitigated_at = ?, resolved_at = ?, "
                + "roles = ?, regions = ?, findings = ?, root_cause = ?, workarounds = ?, follow_ups = ?, checklist = ?, "
                + "version = ?, changed_by = ?, changed_at = ? WHERE number = ? AND version = ?")) {
            int k = bind(st, 1, i);
            st.setLong(k, i.version());
            st.setString(k + 1, i.changedBy());
            st.setString(k + 2, i.changedAt().toString());
            st.setLong(k + 3, i.number());
            st.setLong(k + 4, readVersion);
            return st.executeUpdate();
        }
    }

    /** Binds title … checklist from {@code k}; returns the next index. */
    private static int bind(PreparedStatement st, int k, Incident i) throws SQLException {
        st.setString(k++, i.title());
        st.setString(k++, i.severity().name());
        st.setString(k++, i.status().id());
        st.setString(k++, i.workshop().isEmpty() ? null : i.workshop());
        st.setString(k++, i.times().started().toString());
        st.setString(k++, i.times().detected().toString());
        st.setString(k++, i.times().declared().toString());
        st.setString(k++, i.times().acknowledged().map(Instant::toString).orElse(null));
        st.setString(k++, i.times().mitigated().map(Instant::toString).orElse(null));
        st.setString(k++, i.times().resolved().map(Instant::toString).orElse(null));
        st.setString(k++, JSON.writeValueAsString(i.roles()));
        st.setString(k++, JSON.writeValueAsString(i.regions()));
        st.setString(k++, JSON.writeValueAsString(i.findings()));
        st.setString(k++, i.rootCause().isEmpty() ? null : i.rootCause());
        st.setString(k++, JSON.writeValueAsString(i.workarounds()));
        st.setString(k++, JSON.writeValueAsString(i.followUps()));
        st.setString(k++, JSON.writeValueAsString(i.checklist().items()));
        return k;
    }

    private static Optional<Incident> read(Connection c, long number) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM incident WHERE number = ?")) {
            st.setLong(1, number);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Incident row(ResultSet rs) throws SQLException {
        Times times = new Times(Instant.parse(rs.getString("started_at")), Instant.parse(rs.getString("detected_at")),
                Instant.parse(rs.getString("declared_at")), instant(rs, "acknowledged_at"), instant(rs, "mitigated_at"),
                instant(rs, "resolved_at"));
        return Incident.of(rs.getLong("number"), rs.getString("title"))
                .severity(Severity.valueOf(rs.getString("severity")))
                .status(IncidentStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)))
                .workshop(rs.getString("workshop"))
                .times(times)
                .roles(JSON.readValue(rs.getString("roles"), new TypeReference<Map<String, String>>() {}))
                .regions(JSON.readValue(rs.getString("regions"), new TypeReference<List<String>>() {}))
                .findings(JSON.readValue(rs.getString("findings"), new TypeReference<List<LinkedFinding>>() {}))
                .rootCause(rs.getString("root_cause"))
                .workarounds(JSON.readValue(rs.getString("workarounds"), new TypeReference<List<String>>() {}))
                .followUps(JSON.readValue(rs.getString("follow_ups"), new TypeReference<List<FollowUpItem>>() {}))
                .checklist(new Checklist(JSON.readValue(rs.getString("checklist"), new TypeReference<List<Checklist.Item>>() {})))
                .version(rs.getLong("version"))
                .changedBy(rs.getString("changed_by"))
                .changedAt(Instant.parse(rs.getString("changed_at")))
                .build();
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column)).map(Instant::parse);
    }
}
