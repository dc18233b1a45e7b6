package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import io.pitcrew.incident.Declaration;
import io.pitcrew.incident.Incidents;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The SQLite store under faults: {@link StoreFaultsContract}, and what only a file meets — another process holding its
 * write lock past pitcrew's patience, a full disk, a corrupt file. Each is one clear message naming the file, exit 4,
 * nothing half-written, and what was acknowledged before is still there once the fault is gone.
 */
class SqliteStoreFaultsTest extends StoreFaultsContract {

    private Path mounted;

    @Override
    protected String db() {
        return tmp.resolve("pitcrew.db").toString();
    }

    @Override
    protected String storeName() {
        return "SQLite";
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    private Run pitcrew(String db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db, "--config", config.toString(), "--as", "alice"));
        return FixCommandTest.pitcrew(all.toArray(String[]::new));
    }

    private static void oneClearProblem(Run r, String db, String what, String fix) {
        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        assertThat(r.err()).contains("error: " + db + ": " + what).contains("\n    fix: " + fix)
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("SQL State");
        assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
    }

    /** The incidents the list shows, as INC-n ids. */
    private List<String> listed(String db) {
        Run list = pitcrew(db, "incident", "list", "--all", "-o", "json");
        assertThat(list.exit()).as(list.err()).isZero();
        return Arrays.stream(list.out().split("\"id\"\\s*:\\s*\"")).skip(1).map(s -> s.substring(0, s.indexOf('"'))).sorted().toList();
    }

    @Test
    void anotherProcessHoldingTheWriteLockIsOneClearMessageAndNothingHalfWritten() throws Exception {
        String db = db();
        assertThat(pitcrew(db, "incident", "declare", "before the lock", "-s", "P3").exit()).isZero();
        List<String> before = listed(db);
        // sqlite3, another process, begins a write and keeps it open for as long as its input is
        Process sqlite3 = new ProcessBuilder("sqlite3", db).redirectErrorStream(true).start();
        try (OutputStream in = sqlite3.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(sqlite3.getInputStream(), StandardCharsets.UTF_8))) {
            in.write("BEGIN IMMEDIATE;\nINSERT INTO timeline (incident, seq, at, actor, kind, text) VALUES (1, 999, '2026-01-01T00:00:00Z', 'x', 'note', 'x');\n.print locked\n"
                    .getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(out.readLine()).isEqualTo("locked");
            long start = System.nanoTime();
            Run declare = pitcrew(db, "incident", "declare", "while locked", "-s", "P3");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            oneClearProblem(declare, db, "is locked by another writer", "wait for it to finish and try again");
            assertThat(declare.err()).contains("waiting for " + db + ": another writer holds its lock").contains("fuser -v " + db);
            message("another process holds the write lock (sqlite3, BEGIN IMMEDIATE) past pitcrew's 5 s", declare, db,
                    String.format("gave up after %.1f s; nothing written; the next declare works once the lock is let go", waited.toMillis() / 1000.0));
            assertThat(listed(db)).isEqualTo(before);
            in.write("ROLLBACK;\n.quit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        assertThat(sqlite3.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pitcrew(db, "incident", "declare", "after the lock", "-s", "P3").exit()).isZero();
        assertThat(listed(db)).containsExactly("INC-1", "INC-2", "INC-3");
    }

    @Test
    void aFullDiskIsOneClearMessageAndTheAcknowledgedStateIsIntactOnceThereIsSpace() throws Exception {
        Path dir = tmp.resolve("small-disk");
        Files.createDirectories(dir);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString()).redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = mount.waitFor();
        String why = "a full disk is a small tmpfs, which only root may mount: " + said;
        // CI runs as root, so there it must run; a developer's unprivileged run says why it did not
        if ("true".equals(System.getenv("CI"))) assertThat(exit).as(why).isZero();
        else assumeThat(exit).as(why).isZero();
        this.mounted = dir;
        String db = dir.resolve("pitcrew.db").toString();
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Run r = pitcrew(db, "incident", "declare", "before the disk filled " + i, "-s", "P3");
            assertThat(r.exit()).as(r.err()).isZero();
            acked.add("INC-" + (i + 1));
        }
        Path filler = dir.resolve("filler");
        // First with another connection holding the store open, so its -shm file stays and a write meets the full
        // disk growing the -wal file (SQLITE_FULL); then with none, so every command meets it making the -shm file
        // SQLite needs even to read (an I/O error that the store says as a full disk).
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = holder.createStatement()) {
            st.executeQuery("SELECT count(*) FROM incident").close();
            fill(filler);
            Run held = firstFailure(db, acked);
            oneClearProblem(held, db, "cannot be written: the disk is full", "free some space on its disk (df -h ");
            message("a full disk (a 1 MiB tmpfs, filled up) while another connection has the store open", held, db,
                    "every acknowledged incident there whole once space returns; the next declare works");
        }
        Run failed = firstFailure(db, acked);
        oneClearProblem(failed, db, "cannot be written: the disk is full", "free some space on its disk (df -h ");
        message("a full disk (a 1 MiB tmpfs, filled up), the store not open elsewhere", failed, db,
                "every acknowledged incident there whole once space returns; the next declare works");
        Files.delete(filler);
        assertThat(listed(db)).containsExactlyInAnyOrderElementsOf(acked);
        Run after = pitcrew(db, "incident", "declare", "space again", "-s", "P3");
        assertThat(after.exit()).as(after.err()).isZero();
        Run integrity = sqlite(db, "PRAGMA integrity_check");
        assertThat(integrity.out().strip()).isEqualTo("ok");
    }

    /** Declares until a declaration fails (the acknowledged ones go to {@code acked}); the failure. */
    private Run firstFailure(String db, List<String> acked) {
        for (int i = 0; i < 50; i++) {
            Run r = pitcrew(db, "incident", "declare", "on a full disk " + i + " " + "x".repeat(150), "-s", "P3");
            if (r.exit() != 0) return r;
            acked.add("INC-" + (acked.size() + 1));
        }
        throw new AssertionError("50 declarations on a full disk went through");
    }

    /** Fills the file system {@code file} is on, to the last byte it takes. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) out.write(block);
        } catch (IOException full) {
            // no space left: what it is for
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(1);
                out.flush();
            }
        } catch (IOException full) {
            // to the last byte
        }
    }

    @Test
    void garbageBytesAreNotAPitcrewDatabaseAndTheFileIsLeftAsItIs() throws Exception {
        String db = db();
        byte[] garbage = new byte[64 * 1024];
        random.nextBytes(garbage);
        Files.write(Path.of(db), garbage);
        corrupt("garbage bytes (64 KiB of random)", db, garbage, "is not an SQLite database", "move it aside");
    }

    @Test
    void aTruncatedStoreIsDamagedAndLeftAsItIs() throws Exception {
        String db = filled();
        byte[] whole = Files.readAllBytes(Path.of(db));
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        Files.write(Path.of(db), half);
        corrupt("truncated to half its size", db, half, "is damaged", "restore it from a backup");
    }

    @Test
    void aHeaderValidFileWithABrokenPageIsDamagedAndLeftAsItIs() throws Exception {
        String db = filled();
        int pageSize;
        int root;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getInt(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = 'incident'")) {
                rs.next();
                root = rs.getInt(1);
            }
        }
        // the incidents' first page gets random bytes; the header (page 1) and every other page stay as they were
        byte[] page = new byte[pageSize];
        random.nextBytes(page);
        try (FileChannel f = FileChannel.open(Path.of(db), StandardOpenOption.WRITE)) {
            f.write(ByteBuffer.wrap(page), (long) (root - 1) * pageSize);
        }
        corrupt("header valid, the incident table's root page overwritten with random bytes", db, Files.readAllBytes(Path.of(db)),
                "is damaged", "restore it from a backup");
    }

    @Test
    void aHeaderValidFileWithABrokenSchemaIsDamagedAndLeftAsItIs() throws Exception {
        String db = filled();
        // the schema follows the 100-byte header on page 1: random bytes from byte 100 to 4096
        byte[] broken = Files.readAllBytes(Path.of(db));
        byte[] noise = new byte[4096 - 100];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, broken, 100, noise.length);
        Files.write(Path.of(db), broken);
        corrupt("header valid, the schema page (page 1 after its header) overwritten with random bytes", db, broken,
                "is damaged", "restore it from a backup");
    }

    /** A store of some pages, written by pitcrew and closed (no -wal file left beside it). */
    private String filled() {
        String db = db();
        try (Store store = Store.open(db)) {
            Incidents incidents = new Incidents(store, Clock.systemUTC());
            for (int i = 0; i < 30; i++) incidents.declare(Declaration.of("incident " + i + " " + "x".repeat(150), Severity.P3), "alice");
        }
        assertThat(Path.of(db + "-wal")).doesNotExist();
        return db;
    }

    /** Every command, reading or writing, says the same one problem and leaves the file byte for byte as it was. */
    private void corrupt(String fault, String db, byte[] content, String what, String fix) throws IOException {
        Run list = pitcrew(db, "incident", "list", "--all");
        oneClearProblem(list, db, what, fix);
        Run declare = pitcrew(db, "incident", "declare", "over it?", "-s", "P3");
        oneClearProblem(declare, db, what, fix);
        assertThat(Files.readAllBytes(Path.of(db))).as("the damaged file is left as it was, never made anew").isEqualTo(content);
        message(fault, list, db, "the same for a write (incident declare); the file is left byte for byte as it was");
    }

    private static Run sqlite(String db, String sql) throws Exception {
        Process p = new ProcessBuilder("sqlite3", db, sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, "");
    }
}
