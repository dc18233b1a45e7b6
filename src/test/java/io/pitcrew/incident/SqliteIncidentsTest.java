package io.pitcrew.incident;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

class SqliteIncidentsTest extends IncidentsContract {

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
}
