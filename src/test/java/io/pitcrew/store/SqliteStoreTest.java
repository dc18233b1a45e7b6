package io.pitcrew.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStoreTest extends StoreContract {

    @TempDir
    Path tmp;

    @Override
    protected String target() {
        return tmp.resolve("pitcrew.db").toString();
    }

    @Override
    protected void sql(String sql) throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + target()); var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    protected Store.Vendor vendor() {
        return Store.Vendor.SQLITE;
    }

    @Test
    void aFileThatIsNotAStoreIsAClearError() throws Exception {
        Path db = tmp.resolve("notes.db");
        Files.writeString(db, "these are my notes, not a database");
        assertThatThrownBy(() -> Store.open(db)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.where()).isEqualTo(db.toString());
            assertThat(e.what()).isEqualTo("is not an SQLite database");
            assertThat(e.fix()).contains("move it aside");
        });
    }

    @Test
    void aMissingDirectoryIsAnErrorNotANewStore() {
        Path typo = tmp.resolve("nested/pitcrew.db");
        assertThatThrownBy(() -> Store.open(typo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the directory " + tmp.resolve("nested") + " does not exist");
        assertThat(tmp.resolve("nested")).doesNotExist();
    }

    @Test
    void aNewStoreAndTheFilesSqliteKeepsBesideItAreTheOwnersOnly() throws Exception {
        Path db = tmp.resolve("pitcrew.db");
        Store.open(db).close();
        // a connection left open keeps the write-ahead log and its index beside the store
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("INSERT INTO audit (id, at, actor, action, parameters, changes, result, detail) "
                    + "VALUES (1, '2026-11-25T10:00:00Z', 'a', 'b', '{}', '[]', 'applied', '')");
            for (String f : new String[] {"pitcrew.db", "pitcrew.db-wal", "pitcrew.db-shm"}) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(f)))).as(f).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aReaderNeitherMigratesNorWritesAndAWriteThroughItIsNotWritable() throws Exception {
        Path db = tmp.resolve("pitcrew.db");
        Store.open(db).close();
        try (Store reading = Store.open(db.toString(), Store.Access.READ, line -> {})) {
            assertThat(reading.audit().latest(5)).isEmpty();
            assertThatThrownBy(() -> reading.audit().append(AuditEntry.of(Instant.now(), "a", "b", "{}", "[]", "applied", "")))
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.where()).isEqualTo(db.toString());
                        assertThat(e.what()).startsWith("is not writable");
                        assertThat(e.fix()).contains("make it writable");
                    });
        }
    }

    @Test
    void anotherApplicationsDatabaseIsNotTakenOver() throws Exception {
        Path db = tmp.resolve("notes.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("CREATE TABLE notes (text TEXT)");
        }
        assertThatThrownBy(() -> Store.open(db)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.what()).isEqualTo("holds another application's tables, not a pitcrew store");
            assertThat(e.fix()).contains("--db");
        });
    }

    @Test
    void aJdbcSqliteUrlIsTheFileItNames() {
        try (Store store = Store.open("jdbc:sqlite:" + tmp.resolve("url.db"))) {
            assertThat(store.where()).isEqualTo(tmp.resolve("url.db").toAbsolutePath().toString());
        }
    }

    @Test
    void anotherDatabaseIsBadInput() {
        assertThatThrownBy(() -> Store.open("jdbc:mysql://db/pitcrew?password=hunter2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("hunter2");
    }
}
