package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store as a careless operator meets it: locked by another writer, a file that is not a store, a damaged one, a
 * read-only one, a mistyped --db, a PostgreSQL server that is not there. Each is one problem (which store, what, what
 * to do) and the exit code the README gives, never a stack trace or Flyway's report.
 */
class StoreTroubleTest {

    @TempDir
    Path tmp;

    Path config;
    Path db;
    private final List<Path> madeReadOnly = new ArrayList<>();

    @BeforeEach
    void store() throws IOException {
        config = tmp.resolve("pitcrew.yaml");
        Files.writeString(config, "regions:\n  - {name: us-east-2, role: control-plane, domain: ai.coder.com}\n");
        db = tmp.resolve("pitcrew.db");
    }

    @AfterEach
    void writableAgain() throws Exception {
        for (Path p : madeReadOnly.reversed()) {
            if (Files.isWritable(p)) continue;
            new ProcessBuilder("chattr", "-i", p.toString()).start().waitFor();
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }

    private Run pitcrew(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--db")) all.addAll(List.of("--db", db.toString()));
        all.addAll(List.of("--config", config.toString()));
        return FixCommandTest.pitcrew(all.toArray(String[]::new));
    }

    private void declared(String title) {
        Run r = pitcrew("incident", "declare", title, "-s", "P3", "--as", "alice");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** One problem: the store, what is wrong, a fix; nothing of Flyway, SQLite's internals or a stack trace. */
    private static void onlyOneProblem(Run r, String store, String what, String fix) {
        assertThat(r.err()).contains("error: " + store + ": " + what).contains("\n    fix: " + fix)
                .doesNotContain("SQL State").doesNotContain("Error Code").doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("-------");
        assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
    }

    /**
     * Read-only for whoever runs the tests: chmod for a user, chattr +i for root (whom permissions do not stop), as a
     * read-only mount would be. Fails, rather than skipping, where neither works.
     */
    private void readOnly(Path p) throws Exception {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-x------" : "r--------"));
        madeReadOnly.add(p);
        if (Files.isWritable(p)) {
            int exit = new ProcessBuilder("chattr", "+i", p.toString()).redirectErrorStream(true).start().waitFor();
            assertThat(exit).as("chattr +i " + p + ": run the tests as a user other than root, or on a file system with chattr").isZero();
        }
        assertThat(Files.isWritable(p)).as(p + " is still writable").isFalse();
    }

    @Test
    void aLockedStoreIsOneLineAfterAFewSecondsSayingItWaitsAndReadsGoOn() throws Exception {
        declared("LiteLLM returns 401");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            Run write = pitcrew("incident", "note", "INC-1", "still failing");
            assertThat(write.exit()).isEqualTo(4);
            onlyOneProblem(write, db.toString(), "is locked by another writer", "wait for it to finish and try again");
            assertThat(write.err()).contains("fuser").contains("waiting for " + db);
            // the store is in WAL mode: a reader is not held up by a writer, and a current schema is not migrated
            Run read = pitcrew("incident", "list");
            assertThat(read.exit()).as(read.err()).isZero();
            assertThat(read.out()).contains("LiteLLM returns 401");
            st.execute("ROLLBACK");
        }
    }

    @Test
    void aFileThatIsNotAStoreSaysSoAndWhatToDo() throws IOException {
        Files.writeString(db, "these are my notes, not a database\n".repeat(100));
        Run r = pitcrew("incident", "list");
        assertThat(r.exit()).isEqualTo(4);
        onlyOneProblem(r, db.toString(), "is not an SQLite database", "move it aside");
        assertThat(r.err()).contains("--db");
        assertThat(Files.readString(db)).startsWith("these are my notes");
    }

    @Test
    void aTruncatedStoreIsDamagedNotAFlywayReport() throws IOException {
        for (int i = 0; i < 80; i++) declared("incident number " + i + " " + "x".repeat(180));
        long size = Files.size(db);
        try (FileChannel f = FileChannel.open(db, StandardOpenOption.WRITE)) {
            f.truncate(size / 2);
        }
        Run r = pitcrew("incident", "list", "--all");
        assertThat(r.exit()).isEqualTo(4);
        onlyOneProblem(r, db.toString(), "is damaged", "restore it from a backup");
    }

    @Test
    void aReadOnlyStoreIsReadAndRefusesWritesInOneLine() throws Exception {
        declared("LiteLLM returns 401");
        readOnly(db);
        readOnly(tmp);
        Run list = pitcrew("incident", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("INC-1").contains("LiteLLM returns 401");
        Run show = pitcrew("incident", "show", "INC-1");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("LiteLLM returns 401");
        Run retro = pitcrew("retro", "--since", "1d");
        assertThat(retro.exit()).as(retro.err()).isZero();
        assertThat(retro.out()).contains("LiteLLM returns 401");
        Run audit = pitcrew("fix", "audit");
        assertThat(audit.exit()).as(audit.err()).isZero();

        Run note = pitcrew("incident", "note", "INC-1", "still failing");
        assertThat(note.exit()).isEqualTo(4);
        onlyOneProblem(note, db.toString(), "is not writable", "make it writable");
    }

    @Test
    void aMistypedDbDirectoryIsAnErrorNamingItAndCreatesNothing() {
        Path typo = tmp.resolve("no/such/dir/x.db");
        Run r = pitcrew("incident", "list", "--db", typo.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--db " + typo).contains(tmp.resolve("no/such/dir") + " does not exist")
                .doesNotContain("\tat ");
        assertThat(tmp.resolve("no")).doesNotExist();
    }

    @Test
    void aNewStoreIsReadableByItsOwnerOnly() throws IOException {
        declared("LiteLLM returns 401");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
    }

    @Test
    void aPostgresServerThatIsNotThereIsOneLineNamingItWithoutThePassword() {
        Run r = pitcrew("incident", "list", "--db", "jdbc:postgresql://127.0.0.1:1/pitcrew?user=u&password=hunter2&connectTimeout=2");
        assertThat(r.exit()).isEqualTo(4);
        onlyOneProblem(r, "jdbc:postgresql://127.0.0.1:1/pitcrew", "cannot connect to the PostgreSQL server 127.0.0.1:1",
                "check that the server is running");
        assertThat(r.err()).doesNotContain("hunter2");

        Run noDatabase = pitcrew("incident", "list", "--db", "jdbc:postgresql://127.0.0.1:5432/no_such_database_here?user=postgres");
        assertThat(noDatabase.exit()).isEqualTo(4);
        onlyOneProblem(noDatabase, "jdbc:postgresql://127.0.0.1:5432/no_such_database_here",
                "database \"no_such_database_here\" does not exist", "create it");

        Run badUrl = pitcrew("incident", "list", "--db", "jdbc:postgresql://127.0.0.1:notaport/test?user=postgres&password=hunter2");
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--db").doesNotContain("hunter2").doesNotContain("\tat ");
    }
}
