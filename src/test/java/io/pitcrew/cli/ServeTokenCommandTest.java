package io.pitcrew.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pitcrew serve token}: the token on stdout once, only its hash in the file, a name only once. */
class ServeTokenCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = Pitcrew.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsTheTokenOnceAndStoresItsHash() throws Exception {
        Path file = dir.resolve("tokens.yaml");
        Run r = run("serve", "token", "--tokens", file.toString(), "--name", "alice", "--role", "responder");
        assertThat(r.exit()).as(r.err()).isZero();
        String token = r.out().strip();
        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(r.err()).contains("alice (responder)").doesNotContain(token);
        assertThat(Files.readString(file)).doesNotContain(token).contains("alice");

        Run again = run("serve", "token", "--tokens", file.toString(), "--name", "alice", "--role", "viewer");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("'alice' exists already");
        assertThat(again.out()).isEmpty();

        Run badRole = run("serve", "token", "--tokens", file.toString(), "--name", "bob", "--role", "admin");
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role 'admin'");
    }

    @Test
    void theHelpNamesTheTokensTheRolesAndCsrf() {
        Run help = run("serve", "--help");
        assertThat(help.out()).contains("--tokens=FILE", "pitcrew serve token", "commander", "X-CSRF-Token");
    }
}
