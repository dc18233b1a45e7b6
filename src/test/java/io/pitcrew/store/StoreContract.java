package io.pitcrew.store;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the store promises, on every database it runs on: one subclass per database, same tests. */
public abstract class StoreContract {

    /** Where a fresh, empty store of this database is (a file path or a JDBC URL). */
    protected abstract String target();

    /** Runs SQL on the store's database directly, as someone bypassing pitcrew would. */
    protected abstract void sql(String sql) throws SQLException;

    protected abstract Store.Vendor vendor();

    @Test
    void opensTheRightDatabaseAndMigratesItTwiceWithoutHarm() {
        try (Store store = Store.open(target())) {
            assertThat(store.vendor()).isEqualTo(vendor());
        }
        try (Store store = Store.open(target())) {
            assertThat(store.audit().latest(10)).isEmpty();
        }
    }

    @Test
    void appendsAndReadsAuditRowsAcrossOpens() {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        AuditEntry applied;
        try (Store store = Store.open(target())) {
            applied = store.audit().append(AuditEntry.of(at, "alice", "pause-key-rotation", "{\"for\":\"4h\"}", "[]",
                            "applied", "scaled to 0")
                    .withInverse(Optional.of("{\"action\":\"resume-key-rotation\"}"), Optional.of(at.plusSeconds(4 * 3600))));
            store.audit().append(AuditEntry.of(at, "bob", "resume-key-rotation", "{}", "[]", "applied", "")
                    .reverting(OptionalLong.of(applied.id())));
        }
        try (Store store = Store.open(target())) {
            AuditEntry read = store.audit().find(applied.id()).orElseThrow();
            assertThat(read).isEqualTo(applied);
            assertThat(read.resumeAt()).contains(Instant.parse("2026-11-25T14:00:00Z"));
            assertThat(store.audit().revertsOf(applied.id())).extracting(AuditEntry::actor).containsExactly("bob");
            assertThat(store.audit().latest(10)).extracting(AuditEntry::id).containsExactly(2L, 1L);
        }
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAuditRows() {
        try (Store store = Store.open(target())) {
            store.audit().append(AuditEntry.of(Instant.now(), "alice", "scale-litellm", "{}", "[]", "applied", ""));
        }
        assertThatThrownBy(() -> sql("UPDATE audit SET actor = 'mallory'")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("DELETE FROM audit")).hasMessageContaining("append-only");
    }

    @Test
    void concurrentWritersGetDistinctIds() {
        Store.open(target()).close();
        ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
        IntStream.range(0, 8).parallel().forEach(i -> {
            try (Store store = Store.open(target())) {
                for (int k = 0; k < 5; k++) {
                    ids.add(store.audit().append(AuditEntry.of(Instant.now(), "w" + i, "scale-litellm", "{}", "[]", "applied", "")).id());
                }
            }
        });
        assertThat(List.copyOf(ids)).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void aTransactionThatFailsLeavesNothing() {
        try (Store store = Store.open(target())) {
            assertThatThrownBy(() -> store.transaction(c -> {
                try (var st = c.prepareStatement("INSERT INTO audit (id, at, actor, action, parameters, changes, result, detail) "
                        + "VALUES (1, 'now', 'alice', 'a', '{}', '[]', 'applied', '')")) {
                    st.executeUpdate();
                }
                throw new IllegalStateException("crashed half way");
            })).hasMessage("crashed half way");
            assertThat(store.audit().latest(10)).isEmpty();
        }
    }
}
