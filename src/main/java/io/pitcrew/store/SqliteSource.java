package io.pitcrew.store;

import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An SQLite data source whose every connection (Flyway's too) waits for another writer's lock as {@link LockWait}
 * does, and, for a reading command on a writable file, refuses to change anything.
 */
final class SqliteSource extends SQLiteDataSource {

    private final String where;
    private final Consumer<String> waiting;
    private final boolean queryOnly;
    private final AtomicBoolean told = new AtomicBoolean();

    /**
     * @param queryOnly statements may not change the database. A reader of a writable file opens it for writing all
     *                  the same: only such a connection removes the -wal and -shm files when it closes, where one
     *                  opened read-only would leave them behind after every list
     */
    SqliteSource(SQLiteConfig config, String url, String where, Consumer<String> waiting, boolean queryOnly) {
        super(config);
        setUrl(url);
        this.where = where;
        this.waiting = waiting;
        this.queryOnly = queryOnly;
    }

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        SQLiteConnection c = super.getConnection(username, password);
        try {
            BusyHandler.setHandler(c, new LockWait(where, waiting, told));
            if (queryOnly) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA query_only = 1");
                }
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
