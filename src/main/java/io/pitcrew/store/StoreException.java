package io.pitcrew.store;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;

/**
 * The store cannot be opened, read or written, said the way a user can act on it: which store ({@link #where()}: the
 * SQLite file, or the PostgreSQL URL without its parameters), what is wrong with it, and what to do. The cause keeps
 * the driver's exception for code that tells failures apart (a duplicate key is retried).
 */
public class StoreException extends RuntimeException {

    private final String where;
    private final String what;
    private final String fix;

    public StoreException(String where, String what, String fix, Throwable cause) {
        super(where + ": " + what, cause);
        this.where = where;
        this.what = what;
        this.fix = fix;
    }

    /** The SQLite file, or the PostgreSQL URL as it may be shown (no query, so no password). */
    public String where() { return where; }

    public String what() { return what; }

    /** What the user can do about it; empty when there is nothing better to say than what. */
    public String fix() { return fix; }

    /** A driver's or Flyway's failure as what it means for the store in {@code where}. */
    static StoreException explaining(String where, Throwable failure) {
        SQLException sql = sqlCause(failure);
        if (sql instanceof SQLiteException sqlite) return sqlite(where, sqlite, failure);
        if (sql != null && sql.getSQLState() != null) return postgres(where, sql, failure);
        String message = firstLine(sql != null ? sql.getMessage() : failure.getMessage());
        if (message.contains("non-empty schema")) {
            // Flyway's "Found non-empty schema(s) ... but no schema history table": tables, none of them pitcrew's
            return new StoreException(where, "holds another application's tables, not a pitcrew store",
                    "point --db at pitcrew's store, or at a new file (or an empty database) for one", failure);
        }
        return new StoreException(where, "cannot be used: " + message, "", failure);
    }

    static StoreException notWritable(String where, Throwable cause) {
        return new StoreException(where, "is not writable (a read-only file, directory or mount)",
                "make it writable for this user (the file and its directory, where SQLite keeps its -wal file beside it), "
                        + "or point --db at a writable store; incident list and show, retro and fix audit read it as it is",
                cause);
    }

    /**
     * The SQLSTATEs of a connection that was there and went away: 08003 (the driver: "This connection has been
     * closed"), 08006 (an I/O error mid-conversation), 08007 (lost while committing), 57P01 and 57P02 (the server ended
     * the session: an administrator, a shutdown, a crash of another backend). 08001 and 08004 are failures to connect.
     */
    private static final Set<String> LOST = Set.of("08003", "08006", "08007", "57P01", "57P02");

    /** Less room than this on the store's file system is taken as a full disk when SQLite says "I/O error". */
    private static final long NEARLY_FULL = 64 * 1024;

    private static StoreException sqlite(String where, SQLiteException e, Throwable failure) {
        // the extended result codes (SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT ...) share their primary code's byte
        int primary = e.getResultCode().code & 0xFF;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new StoreException(where, "is locked by another writer",
                    "wait for it to finish and try again; if it stays locked, find the process holding it (fuser -v "
                            + where + ": another pitcrew, or a sqlite3 shell with an open transaction)", failure);
        }
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return new StoreException(where, "is not an SQLite database",
                    "move it aside (mv " + where + " " + where + ".bak) or point --db elsewhere; pitcrew makes a new store "
                            + "where there is none", failure);
        }
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return new StoreException(where, "is damaged (truncated or corrupt)",
                    "restore it from a backup, or move it aside (mv " + where + " " + where + ".bak) and pitcrew makes a new "
                            + "store; sqlite3 " + where + " .recover may save what is left of it", failure);
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code) return notWritable(where, failure);
        // A full disk is SQLITE_FULL when a write to the store or its -wal file finds no room, but an I/O error
        // (SQLITE_IOERR_SHMSIZE) when SQLite cannot make the -shm file it needs beside the store even to read it: what
        // every command meets once the disk is full and no other pitcrew holds the store open.
        if (primary == SQLiteErrorCode.SQLITE_FULL.code || primary == SQLiteErrorCode.SQLITE_IOERR.code && nearlyFull(where)) {
            return full(where, failure);
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code || primary == SQLiteErrorCode.SQLITE_PERM.code
                || primary == SQLiteErrorCode.SQLITE_AUTH.code) {
            return new StoreException(where, "cannot be opened",
                    "check that this user may read it and its directory (ls -l " + where + ")", failure);
        }
        if (primary == SQLiteErrorCode.SQLITE_IOERR.code) {
            return new StoreException(where, "cannot be read or written: an I/O error", "check the disk and the file system", failure);
        }
        return new StoreException(where, "cannot be used: " + firstLine(e.getMessage()), "", failure);
    }

    private static StoreException full(String where, Throwable failure) {
        Path dir = Path.of(where).toAbsolutePath().getParent();
        return new StoreException(where, "cannot be written: the disk is full",
                "free some space on its disk (df -h " + dir + ") and try again; what was written before is kept", failure);
    }

    /** Whether the file system of the SQLite file {@code where} has (next to) no room left. */
    private static boolean nearlyFull(String where) {
        try {
            return Files.getFileStore(Path.of(where).toAbsolutePath().getParent()).getUsableSpace() < NEARLY_FULL;
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }

    private static StoreException postgres(String where, SQLException e, Throwable failure) {
        String state = e.getSQLState();
        String server = server(where);
        if (LOST.contains(state)) {
            return new StoreException(where, "lost its connection to the PostgreSQL server " + server
                    + " (the server restarted or shut down, or the session was ended): " + serverMessage(e),
                    "try again once the server answers; a change cut off before its commit is not in the store (one cut "
                            + "off while committing may be: look before you repeat it, e.g. pitcrew incident show)", failure);
        }
        if (state.equals("57P03")) {
            // a server starting up, shutting down or in recovery: what a restart looks like to the next connection
            return new StoreException(where, "cannot connect to the PostgreSQL server " + server + ": " + serverMessage(e),
                    "try again in a moment, once the server has started", failure);
        }
        if (state.startsWith("08")) {
            String why = unknownHost(failure) != null ? "unknown host " + unknownHost(failure).getMessage() : sentence(e.getMessage());
            return new StoreException(where, "cannot connect to the PostgreSQL server " + server + ": " + why,
                    "check that the server is running and that --db names its host and port", failure);
        }
        if (state.startsWith("28")) {
            return new StoreException(where, "the PostgreSQL server " + server + " refused the login: " + serverMessage(e),
                    "check the user in --db and the password (PGPASSWORD, or password= in the URL)", failure);
        }
        if (state.equals("3D000")) {
            return new StoreException(where, serverMessage(e) + " on " + server,
                    "create it (createdb -h HOST -U USER NAME) or correct the database in --db", failure);
        }
        if (state.equals("25006")) return notWritable(where, failure);
        if (state.equals("42501")) {
            return new StoreException(where, "the PostgreSQL user may not use it: " + serverMessage(e),
                    "grant the user the privileges on the database (or its schema), or use another user in --db", failure);
        }
        return new StoreException(where, "cannot be used: " + firstLine(e.getMessage()), "", failure);
    }

    /** host:port of jdbc:postgresql://host:port/db. */
    private static String server(String url) {
        String rest = url.substring(url.indexOf("//") + 2);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** PostgreSQL's own words without its "FATAL: " prefix: they name the role or database, never a password. */
    private static String serverMessage(SQLException e) {
        return firstLine(e.getMessage()).replaceFirst("^(FATAL|ERROR): ", "");
    }

    private static String sentence(String message) {
        String line = firstLine(message);
        int end = line.indexOf(". ");
        return end < 0 ? line : line.substring(0, end);
    }

    private static UnknownHostException unknownHost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof UnknownHostException u) return u;
        return null;
    }

    private static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof SQLException s) return s;
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
