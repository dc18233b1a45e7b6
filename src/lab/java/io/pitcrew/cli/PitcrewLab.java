package io.pitcrew.cli;

import picocli.CommandLine;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code pitcrew} with the lab's commands ({@code demo}, {@code lab}, {@code drill}): the main class of pitcrew-lab.jar.
 *
 * <p>The lab (three mock Kubernetes API servers, Vert.x web, BouncyCastle for their TLS) is for trying pitcrew and
 * rehearsing on it, never for a production platform: it lives in its own source root and jar, so the jar that runs
 * against real clusters carries none of it. This class adds the lab's commands to the same command line.
 */
public final class PitcrewLab {

    // Held: java.util.logging keeps loggers only weakly, and a collected one forgets its level.
    private static final Logger MOCK_SERVER = Logger.getLogger("io.fabric8.mockwebserver");

    private PitcrewLab() {
    }

    public static void main(String[] args) {
        Pitcrew.guardProcess();
        // The mock API servers log every request through java.util.logging: keep a terminal readable.
        MOCK_SERVER.setLevel(Level.WARNING);
        System.exit(Pitcrew.commandLine(labCommands(), args).execute(args));
    }

    /** pitcrew's command line, with {@code demo}, {@code lab} and {@code drill}. */
    public static CommandLine commandLine() {
        return Pitcrew.commandLine(labCommands());
    }

    private static List<Object> labCommands() {
        return List.of(new DemoCommand(), new LabCommand(), new DrillCommand());
    }
}
