package io.pitcrew.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The append-only audit log: rows are added and read, never changed (the database refuses UPDATE and DELETE). */
public final class AuditLog {

    private static final String COLUMNS =
            "id, at, actor, action, parameters, changes, result, detail, inverse, resume_at, reverts, follows";

    private final DataSource dataSource;
    private final String where;

    AuditLog(DataSource dataSource, String where) {
        this.dataSource = dataSource;
        this.where = where;
    }

    /** Appends a row and returns it with its id. */
    public AuditEntry append(AuditEntry e) {
        // The next id is chosen inside the INSERT, which SQLite runs as one serialized write; on PostgreSQL two
        // writers may pick the same id, and the loser retries on the primary key. Both know RETURNING.
        String sql = "INSERT INTO audit (" + COLUMNS + ") SELECT COALESCE(MAX(id), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM audit RETURNING id";
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, e.at().toString());
                st.setString(2, e.actor());
                st.setString(3, e.action());
                st.setString(4, e.parameters());
                st.setString(5, e.changes());
                st.setString(6, e.result());
                st.setString(7, e.detail());
                st.setString(8, e.inverse().orElse(null));
                st.setString(9, e.resumeAt().map(Instant::toString).orElse(null));
                setLong(st, 10, e.reverts());
                setLong(st, 11, e.follows());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return new AuditEntry(rs.getLong(1), e.at(), e.actor(), e.action(), e.parameters(), e.changes(),
                            e.result(), e.detail(), e.inverse(), e.resumeAt(), e.reverts(), e.follows());
                }
            } catch (SQLException ex) {
                if (attempt < 5 && isDuplicateKey(ex)) continue;
                throw StoreException.explaining(where, ex);
            }
        }
    }

    public Optional<AuditEntry> find(long id) {
        List<AuditEntry> rows = query("SELECT " + COLUMNS + " FROM audit WHERE id = ?", id);
        return rows.stream().findFirst();
    }

    /** The rows that revert {@code id}, oldest first. */
    public List<AuditEntry> revertsOf(long id) {
        return query("SELECT " + COLUMNS + " FROM audit WHERE reverts = ? ORDER BY id", id);
    }

    /** The last {@code limit} rows, newest first. */
    public List<AuditEntry> latest(int limit) {
        return query("SELECT " + COLUMNS + " FROM audit ORDER BY id DESC LIMIT ?", limit);
    }

    private List<AuditEntry> query(String sql, long arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setLong(1, arg);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        } catch (SQLException ex) {
            throw StoreException.explaining(where, ex);
        }
    }

    private static AuditEntry row(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), Instant.parse(rs.getString("at")), rs.getString("actor"),
                rs.getString("action"), rs.getString("parameters"), rs.getString("changes"), rs.getString("result"),
                rs.getString("detail"), Optional.ofNullable(rs.getString("inverse")),
                Optional.ofNullable(rs.getString("resume_at")).map(Instant::parse), optionalLong(rs, "reverts"),
                optionalLong(rs, "follows"));
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static void setLong(PreparedStatement st, int i, OptionalLong v) throws SQLException {
        if (v.isPresent()) st.setLong(i, v.getAsLong());
        else st.setNull(i, Types.BIGINT);
    }

    public static boolean isDuplicateKey(SQLException e) {
        // 23505: PostgreSQL's unique_violation; SQLite says "UNIQUE constraint failed"
        return "23505".equals(e.getSQLState()) || String.valueOf(e.getMessage()).contains("UNIQUE constraint failed");
    }
}
