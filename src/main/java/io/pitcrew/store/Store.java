package io.pitcrew.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.function.Consumer;

/**
 * pitcrew's store: one SQLite file (by default {@code ~/.pitcrew/pitcrew.db}), or a PostgreSQL database for shared
 * deployments; its schema brought up to date by Flyway. The migrations in {@code db/migration/common} are plain SQL
 * both databases run; what cannot be shared (the triggers that make the audit log and the incident timeline
 * append-only) lives in {@code db/migration/<vendor>}, one folder per database, same version numbers.
 *
 * <p>A command that only reads opens the store with {@link Access#READ}: read-only, and without migrating a schema
 * that is current, so it works on a read-only file or mount and is not held up by another writer. Every failure is a
 * {@link StoreException} that names the store, what is wrong and what to do.
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

    /** What a command does with the store. */
    public enum Access {
        /** Lists and shows: never writes, never migrates a current schema. */
        READ,
        /** Everything else: the store must be writable. */
        WRITE
    }

    /** Work done on one connection inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final DataSource dataSource;
    private final Vendor vendor;
    private final String where;

    private Store(DataSource dataSource, Vendor vendor, String where) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.where = where;
    }

    /** {@link #open(String, Access, Consumer)} for writing, saying nothing while it waits for a lock. */
    public static Store open(String target) {
        return open(target, Access.WRITE, line -> {});
    }

    /**
     * What {@code --db} accepts: a {@code jdbc:postgresql://...} URL, a {@code jdbc:sqlite:FILE} URL, or a file path.
     * {@code waiting} hears, once, that the command waits for another writer's lock.
     */
    public static Store open(String target, Access access, Consumer<String> waiting) {
        if (target.startsWith("jdbc:postgresql:")) return openPostgres(target, access);
        if (target.startsWith("jdbc:sqlite:")) return open(Path.of(target.substring("jdbc:sqlite:".length())), access, waiting);
        if (target.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--db " + shown(target)
                    + ": pitcrew stores into SQLite (a file, or jdbc:sqlite:FILE) or PostgreSQL (jdbc:postgresql://HOST/DB)");
        }
        return open(Path.of(target), access, waiting);
    }

    /** {@link #open(Path, Access, Consumer)} for writing, saying nothing while it waits for a lock. */
    public static Store open(Path file) {
        return open(file, Access.WRITE, line -> {});
    }

    /**
     * Opens the SQLite store in {@code file}, creating it (readable by its owner only: it holds who did what during
     * incidents) when it does not exist. Its directory must exist: a mistyped path is an error, not a new store
     * somewhere unexpected.
     */
    public static Store open(Path file, Access access, Consumer<String> waiting) {
        Path absolute = file.toAbsolutePath();
        String where = absolute.toString();
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--db " + file + ": the directory " + dir + " does not exist; create it "
                    + "(mkdir -p " + dir + ") or correct the path");
        }
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("--db " + file + " is a directory; name the store's file, e.g. "
                    + absolute.normalize().resolve("pitcrew.db"));
        }
        boolean exists = Files.exists(absolute);
        // SQLite writes a -wal file beside the store and removes it when the last writer closes: the directory too
        boolean writable = Files.isWritable(dir) && (!exists || Files.isWritable(absolute));
        if (!exists) {
            if (!writable) throw StoreException.notWritable(where, null);
            createOwnerOnly(absolute);
        }
        // Whether the schema is current is asked without writing: Flyway asks in transactions, which on a writing
        // connection take the write lock, so a store someone else is writing would keep even a reader waiting.
        DataSource reading = sqlite(absolute, writable ? Opening.QUERY_ONLY : readOnly(absolute, dir), waiting);
        boolean current = current(reading, Vendor.SQLITE, where);
        if (access == Access.READ && current) return new Store(reading, Vendor.SQLITE, where);
        if (!writable && !current) {
            throw new StoreException(where, "was written by an older pitcrew and its schema must be brought up to "
                    + "date, but it is not writable", "run any pitcrew incident command once where the store is writable", null);
        }
        if (!writable) throw StoreException.notWritable(where, null);
        DataSource writing = sqlite(absolute, Opening.WRITE, waiting);
        if (!current) migrate(writing, Vendor.SQLITE, where);
        return new Store(writing, Vendor.SQLITE, where);
    }

    /** How an SQLite connection opens its file. */
    private enum Opening {
        /** For a writing command. */
        WRITE,
        /** For a reading command, on a file it may write: statements cannot change it, and SQLite tidies up after. */
        QUERY_ONLY,
        /** The file is not writable: SQLite opens it read-only. */
        READ_ONLY,
        /**
         * Neither is its directory, and no -wal file (a writer's log) is beside it: SQLite reads the file as it is,
         * since it could not make the -shm file a reader of a WAL-mode store otherwise needs.
         */
        IMMUTABLE
    }

    private static Opening readOnly(Path file, Path dir) {
        return !Files.isWritable(dir) && !Files.exists(Path.of(file + "-wal")) ? Opening.IMMUTABLE : Opening.READ_ONLY;
    }

    private static DataSource sqlite(Path file, Opening how, Consumer<String> waiting) {
        SQLiteConfig config = new SQLiteConfig();
        // the opening itself (its pragmas) waits as long as LockWait does, in silence; then LockWait takes over
        config.setBusyTimeout((int) LockWait.PATIENCE.toMillis());
        config.enforceForeignKeys(true);
        if (how == Opening.WRITE) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: a committed transaction is on disk before commit returns, so an acknowledged entry survives a
            // power cut too, not only a killed process.
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            // Take the write lock when a transaction begins, not at its first write: a transaction that reads and
            // then writes (the next incident number) would otherwise fail at once, busy handler or not, when another
            // writer committed in between.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        } else {
            // a reader takes no write lock: IMMEDIATE would wait for every writer, and fail on a read-only file
            config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
            config.setReadOnly(how != Opening.QUERY_ONLY);
        }
        String url = how == Opening.IMMUTABLE ? "jdbc:sqlite:" + file.toUri() + "?immutable=1" : "jdbc:sqlite:" + file;
        return new SqliteSource(config, url, file.toString(), waiting, how == Opening.QUERY_ONLY);
    }

    /** An empty file for SQLite to fill; the -wal and -shm files SQLite makes beside it take its permissions. */
    private static void createOwnerOnly(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // another pitcrew made it meanwhile: open theirs
        } catch (AccessDeniedException e) {
            throw StoreException.notWritable(file.toString(), e);
        } catch (IOException e) {
            throw new StoreException(file.toString(), "cannot be created: " + e.getMessage(), "check the directory", e);
        }
    }

    private static Store openPostgres(String url, Access access) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(url);
        } catch (IllegalArgumentException e) {
            // the driver's message may quote the URL, password and all: not shown
            throw new IllegalArgumentException("--db " + shown(url) + ": not a PostgreSQL URL the driver accepts; write "
                    + "jdbc:postgresql://HOST:5432/DB?user=U (the password from PGPASSWORD)");
        }
        String where = shown(url);
        // A reader does not migrate a current schema, so it needs no more than read access. A writer migrates as
        // ever: Flyway takes PostgreSQL's advisory lock for it, which also spaces out writers starting together.
        if (access == Access.WRITE || !current(ds, Vendor.POSTGRESQL, where)) migrate(ds, Vendor.POSTGRESQL, where);
        return new Store(ds, Vendor.POSTGRESQL, where);
    }

    private static Flyway flyway(DataSource ds, Vendor vendor) {
        return Flyway.configure()
                .dataSource(ds)
                // Flyway core has no {vendor} placeholder: the store says which database it opened.
                .locations("classpath:db/migration/common", vendor.migrations())
                .load();
    }

    /** The schema's version: the highest migration in db/migration ({@code StoreSchemaTest} holds it to the files). */
    static final int SCHEMA_VERSION = 6;

    /**
     * Whether every migration is applied already; reads only. Flyway takes a third of a second to start, and doctor
     * asks on every run where a store exists (for its reminders): the history table is asked first, and Flyway only
     * when that does not show the schema current (a new store, an older one, a history it cannot read).
     */
    private static boolean current(DataSource ds, Vendor vendor, String where) {
        if (appliedVersion(ds) >= SCHEMA_VERSION) return true;
        try {
            return flyway(ds, vendor).info().pending().length == 0;
        } catch (FlywayException e) {
            throw StoreException.explaining(where, e);
        }
    }

    /** The highest version Flyway applied successfully, or -1 when there is no history to read. */
    private static int appliedVersion(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success")) {
            int highest = -1;
            while (r.next()) {
                String v = r.getString(1);
                if (v != null && v.matches("\\d{1,9}")) highest = Math.max(highest, Integer.parseInt(v));
            }
            return highest;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void migrate(DataSource ds, Vendor vendor, String where) {
        try {
            flyway(ds, vendor).migrate();
        } catch (FlywayException e) {
            throw StoreException.explaining(where, e);
        }
    }

    /** A JDBC URL as it may be shown: without its query or a user:password@ before the host, where a password may be. */
    static String shown(String url) {
        int q = url.indexOf('?');
        String bare = q < 0 ? url : url.substring(0, q);
        int authority = bare.indexOf("//");
        int at = bare.indexOf('@', Math.max(authority, 0));
        return authority < 0 || at < 0 ? bare : bare.substring(0, authority + 2) + bare.substring(at + 1);
    }

    /** Where the store is: the SQLite file, or the PostgreSQL URL without its parameters. */
    public String where() { return where; }

    public Vendor vendor() { return vendor; }

    public AuditLog audit() {
        return new AuditLog(dataSource, where);
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
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.explaining(where, e);
        }
    }

    /**
     * Undoes what {@code failure} interrupted. On a connection that is gone (the server restarted, the session was
     * ended) the rollback fails too, and its "connection has been closed" must not stand in for the failure that says
     * what happened: it is kept as suppressed. The server rolls back a transaction whose connection it lost.
     */
    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
    }

    @Override
    public void close() {
        // Both data sources open a connection per use and every use closes it; nothing stays open.
    }
}
