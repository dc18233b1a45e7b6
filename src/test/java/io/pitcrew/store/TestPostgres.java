package io.pitcrew.store;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL schema of its own for each test, on the real server the tests run against (127.0.0.1:5432, database
 * test, user postgres; PITCREW_TEST_POSTGRES overrides), so runs never see each other's rows; dropped after the test.
 * Used as {@code @RegisterExtension final TestPostgres pg = new TestPostgres();}.
 */
public final class TestPostgres implements BeforeEachCallback, AfterEachCallback {

    static final String SERVER = System.getenv().getOrDefault("PITCREW_TEST_POSTGRES",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private String schema;

    @Override
    public void beforeEach(ExtensionContext context) {
        schema = "pitcrew_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    /** The store's URL: the schema is the connection's search path, so every table lands in it. */
    public String url() {
        return SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Runs SQL as a user of the database would, outside pitcrew, in this schema. */
    public void sql(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the PostgreSQL store tests need a server at " + Store.shown(SERVER)
                    + " (set PITCREW_TEST_POSTGRES to another JDBC URL): " + e.getMessage(), e);
        }
    }
}
