package io.pitcrew.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * pitcrew's store: one SQLite file by default ({@code ~/.pitcrew/pitcrew.db}), or a PostgreSQL database for shared
 * deployments; its schema brought up to date by Flyway on every open. The migrations in {@code db/migration/common}
 * are plain SQL both databases run; what cannot be shared (the triggers that make the audit log and the incident
 * timeline append-only) lives in {@code db/migration/<vendor>}, one folder per database, same version numbers.
 */
public final class Store implements AutoCloseable {

    /** The databases pitcrew runs on, each with its folder of vendor-specific migrations. */
    public enum Vendor {
        SQLITE("sqlite"), POSTGRESQL("postgresql");

        private final String folder;

        Vendor(String folder) {
            this.folder = folder;
        }

        String migrations() {
            return "classpath:db/migration/" + folder;
        }
    }

    /** Work done on one connection inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Vendor vendor;
    private final String where;

    private Store(DataSource dataSource, Vendor vendor, String where) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.where = where;
    }

    /** The default store file: {@code ~/.pitcrew/pitcrew.db}. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".pitcrew", "pitcrew.db");
    }

    /**
     * What {@code --db} accepts: a {@code jdbc:postgresql://...} URL, a {@code jdbc:sqlite:FILE} URL, or a file path.
     */
    public static Store open(String target) {
        if (target.startsWith("jdbc:postgresql:")) return openPostgres(target);
        if (target.startsWith("jdbc:sqlite:")) return open(Path.of(target.substring("jdbc:sqlite:".length())));
        if (target.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--db " + target.split("\\?")[0]
                    + ": pitcrew stores into SQLite (a file, or jdbc:sqlite:FILE) or PostgreSQL (jdbc:postgresql://HOST/DB)");
        }
        return open(Path.of(target));
    }

    /** Opens (creating it and its directory if needed) and migrates the SQLite store in {@code file}. */
    public static Store open(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the store " + absolute, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        // Two people writing at once: the second waits for the first instead of failing.
        config.setBusyTimeout(15_000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a committed transaction is on disk before commit returns, so an acknowledged entry survives a
        // power cut too, not only a killed process.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        // Take the write lock when a transaction begins, not at its first write: a transaction that reads and then
        // writes (the next incident number) would otherwise fail at once, busy timeout or not, when another writer
        // committed in between.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + absolute);
        return migrated(ds, Vendor.SQLITE, absolute.toString());
    }

    private static Store openPostgres(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(url);
        } catch (IllegalArgumentException e) {
            throw new StoreException("cannot open the store " + shown(url) + ": " + e.getMessage(), e);
        }
        return migrated(ds, Vendor.POSTGRESQL, shown(url));
    }

    private static Store migrated(DataSource ds, Vendor vendor, String where) {
        try {
            Flyway.configure()
                    .dataSource(ds)
                    // Flyway core has no {vendor} placeholder: the store says which database it opened.
                    .locations("classpath:db/migration/common", vendor.migrations())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot open the store " + where + ": " + e.getMessage(), e);
        }
        return new Store(ds, vendor, where);
    }

    /** A JDBC URL as it may be shown: without its query, where a password may be. */
    static String shown(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Where the store is: the SQLite file, or the PostgreSQL URL without its parameters. */
    public String where() { return where; }

    public Vendor vendor() { return vendor; }

    public AuditLog audit() {
        return new AuditLog(dataSource);
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or none of it (an exception, a killed process or
     * a lost connection rolls back). Errors come back as {@link StoreException}; runtime exceptions of the work
     * itself (a refused change) pass through unchanged after the rollback.
     */
    public <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write the store " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Both data sources open a connection per use and every use closes it; nothing stays open.
    }
}
