package io.pitcrew.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * pitcrew's embedded store: one SQLite file (by default {@code ~/.pitcrew/pitcrew.db}), its schema brought up to
 * date by Flyway on every open. The migrations in {@code db/migration/common} are plain SQL that PostgreSQL runs
 * too; what cannot be shared (the triggers that make the audit log append-only) lives in
 * {@code db/migration/<vendor>}, so a PostgreSQL store later adds a folder and changes no migration.
 */
public final class Store implements AutoCloseable {

    private final DataSource dataSource;
    private final Path file;

    private Store(DataSource dataSource, Path file) {
        this.dataSource = dataSource;
        this.file = file;
    }

    /** The default store file: {@code ~/.pitcrew/pitcrew.db}. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".pitcrew", "pitcrew.db");
    }

    /** Opens (creating it and its directory if needed) and migrates the store in {@code file}. */
    public static Store open(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the store " + absolute, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        // Two people applying a fix at once both write: the second waits for the first instead of failing.
        config.setBusyTimeout(15_000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + absolute);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    // Flyway core has no {vendor} placeholder: the store says which database it opened.
                    .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot open the store " + absolute + ": " + e.getMessage(), e);
        }
        return new Store(ds, absolute);
    }

    public Path file() { return file; }

    public AuditLog audit() {
        return new AuditLog(dataSource);
    }

    @Override
    public void close() {
        // SQLiteDataSource opens a connection per use and the log closes each; nothing stays open.
    }
}
