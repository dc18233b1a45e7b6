package io.pitcrew.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStoreTest extends StoreContract {

    @TempDir
    Path tmp;

    @Override
    protected String target() {
        return tmp.resolve("nested/pitcrew.db").toString();
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
        assertThatThrownBy(() -> Store.open(db)).isInstanceOf(StoreException.class).hasMessageContaining(db.toString());
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
