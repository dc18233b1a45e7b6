package io.pitcrew.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {

    @Test
    void appendsAndReadsRowsAcrossOpens(@TempDir Path tmp) {
        Path db = tmp.resolve("nested/pitcrew.db");
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        AuditEntry applied;
        try (Store store = Store.open(db)) {
            applied = store.audit().append(AuditEntry.of(at, "alice", "pause-key-rotation", "{\"for\":\"4h\"}", "[]",
                            "applied", "scaled to 0")
                    .withInverse(Optional.of("{\"action\":\"resume-key-rotation\"}"), Optional.of(at.plusSeconds(4 * 3600))));
            store.audit().append(AuditEntry.of(at, "bob", "resume-key-rotation", "{}", "[]", "applied", "")
                    .reverting(OptionalLong.of(applied.id())));
        }
        try (Store store = Store.open(db)) {
            AuditEntry read = store.audit().find(applied.id()).orElseThrow();
            assertThat(read).isEqualTo(applied);
            assertThat(read.resumeAt()).contains(Instant.parse("2026-11-25T14:00:00Z"));
            assertThat(store.audit().revertsOf(applied.id())).extracting(AuditEntry::actor).containsExactly("bob");
            assertThat(store.audit().latest(10)).extracting(AuditEntry::id).containsExactly(2L, 1L);
        }
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteRows(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("pitcrew.db");
        try (Store store = Store.open(db)) {
            store.audit().append(AuditEntry.of(Instant.now(), "alice", "scale-litellm", "{}", "[]", "applied", ""));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE audit SET actor = 'mallory'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit")).hasMessageContaining("append-only");
        }
    }

    @Test
    void concurrentWritersGetDistinctIds(@TempDir Path tmp) {
        Path db = tmp.resolve("pitcrew.db");
        Store.open(db).close();
        ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
        IntStream.range(0, 8).parallel().forEach(i -> {
            try (Store store = Store.open(db)) {
                for (int k = 0; k < 5; k++) {
                    ids.add(store.audit().append(AuditEntry.of(Instant.now(), "w" + i, "scale-litellm", "{}", "[]", "applied", "")).id());
                }
            }
        });
        assertThat(List.copyOf(ids)).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void aFileThatIsNotAStoreIsAClearError(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("notes.db");
        java.nio.file.Files.writeString(db, "these are my notes, not a database");
        assertThatThrownBy(() -> Store.open(db)).isInstanceOf(StoreException.class).hasMessageContaining(db.toString());
    }
}
