package io.pitcrew.reliability;

import io.pitcrew.cli.Pitcrew;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/** One {@code pitcrew doctor -o json} in this JVM, as a fault case runs it: exit, output, and the wall time it took. */
record DoctorRun(int exit, String out, String err, Duration took) {

    static DoctorRun of(Path kubeconfig, Path config, Duration timeout) {
        CommandLine cli = Pitcrew.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        long start = System.nanoTime();
        int exit = cli.execute("doctor", "-o", "json", "--timeout", timeout.toSeconds() + "s", "--kubeconfig", kubeconfig.toString(),
                "--config", config.toString());
        return new DoctorRun(exit, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** A loopback port nothing listens on: connection refused. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String seconds() {
        return String.format("%.1f s", took.toMillis() / 1000.0);
    }
}
