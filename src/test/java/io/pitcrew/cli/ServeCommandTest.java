package io.pitcrew.cli;

import io.pitcrew.lab.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pitcrew serve} refusing to start: where it cannot listen is a usage error (exit 2) in one line that says why,
 * never exit 1 (which means findings) with a stack trace.
 */
class ServeCommandTest {

    @TempDir
    static Path dir;
    static Lab lab;
    static Path token;

    @BeforeAll
    static void start() throws Exception {
        lab = Lab.start(dir.resolve("lab"), "healthy", 2);
        token = dir.resolve("token");
        Files.writeString(token, "serve-command-test-token-0123456789");
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    /** What the command printed to its writers and what anything else (a library's logger) printed to System.err. */
    record Run(int exit, String out, String err, String logged) {}

    private static Run serve(String... more) {
        List<String> args = new ArrayList<>(List.of("serve", "--config", lab.config().toString(), "--token-file", token.toString(),
                "--db", dir.resolve("pitcrew.db").toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // System.err first: picocli takes the System.err of when the command line was made as its own (and
        // would put it back over setErr's writer if it changed afterwards)
        PrintStream systemErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            var cli = Pitcrew.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute(args.toArray(String[]::new));
            return new Run(exit, out.toString(), err.toString(), logged.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(systemErr);
        }
    }

    private static void assertOneLine(Run r, String... says) {
        assertThat(r.exit()).as(r.err() + r.logged()).isEqualTo(2);
        // one problem: its line, and for a mistyped option the pointer to --help every command gives
        assertThat(r.err().lines().filter(l -> !l.startsWith("    fix: ")).toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").contains(says);
        assertThat(r.logged()).as("nothing else on stderr, no stack trace").isEmpty();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aPortInUseSaysWhichAddressAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Run r = serve("--bind", "127.0.0.1", "--port", String.valueOf(port));
            assertOneLine(r, "127.0.0.1:" + port + " is in use", "another pitcrew serve?", "--port");
        }
    }

    @Test
    void aPortOutOfRangeIsRefusedBeforeAnythingStarts() {
        for (String port : List.of("70000", "-1", "0")) {
            assertOneLine(serve("--port", port), "--port " + port, "1-65535");
        }
    }

    @Test
    void streamOptionsOutOfRangeAreUsageErrors() {
        assertOneLine(serve("--max-streams", "0"), "--max-streams 0: at least 1");
        assertOneLine(serve("--max-streams-per-client", "-3"), "--max-streams-per-client -3: at least 1");
        assertOneLine(serve("--heartbeat", "0s"), "--heartbeat", "'0s' is zero", "at least 1s");
        assertOneLine(serve("--heartbeat", "1ms"), "--heartbeat", "'1ms' is too short", "at least 1s");
        assertOneLine(serve("--poll", "1ms"), "--poll", "'1ms' is too short", "at least 100ms");
    }

    @Test
    void aLeaseThatIsNotANamespaceAndANameIsAUsageError() {
        assertOneLine(serve("--lease", "pitcrew-serve"), "--lease 'pitcrew-serve' names no namespace", "write NAMESPACE/NAME, e.g. pitcrew/pitcrew-serve");
        assertOneLine(serve("--lease", "pitcrew/Serve"), "--lease 'Serve' is not a Lease name");
    }

    @Test
    void anAddressThatIsNotThisMachinesIsNamedAsSuch() {
        assertOneLine(serve("--bind", "999.1.1.1", "--port", "18461"), "--bind 999.1.1.1", "not an address of this machine");
        // a well-formed address, but another machine's (TEST-NET-1, RFC 5737)
        assertOneLine(serve("--bind", "192.0.2.1", "--port", "18461"), "--bind 192.0.2.1", "not an address of this machine");
    }
}
