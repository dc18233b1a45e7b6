package io.pitcrew.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader asks the store's history table whether its schema is current, against {@link Store#SCHEMA_VERSION}, and
 * starts Flyway only when it is not: so that number must be the newest migration, and a store it finds older must
 * still be brought up to date.
 */
class StoreSchemaTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    Path dir;

    @Test
    void theSchemaVersionIsTheNewestMigration() throws IOException {
        int newest;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/db/migration"))) {
            newest = files.map(p -> VERSIONED.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertThat(Store.SCHEMA_VERSION).as("Store.SCHEMA_VERSION after adding V%d", newest).isEqualTo(newest);
    }

    @Test
    void aStoreOfAnOlderPitcrewOpenedOnlyToReadIsBroughtUpToDate() throws SQLException {
        Path db = dir.resolve("old.db");
        String url = "jdbc:sqlite:" + db;
        // what the pitcrew before drills (V6) left
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .target(String.valueOf(Store.SCHEMA_VERSION - 1)).load().migrate();
        assertThat(newestApplied(url)).isEqualTo(Store.SCHEMA_VERSION - 1);

        try (Store store = Store.open(db, Store.Access.READ, line -> {})) {
            assertThat(store).isNotNull();
        }
        assertThat(newestApplied(url)).isEqualTo(Store.SCHEMA_VERSION);
    }

    private static int newestApplied(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             ResultSet r = c.createStatement().executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success")) {
            r.next();
            return r.getInt(1);
        }
    }
}
