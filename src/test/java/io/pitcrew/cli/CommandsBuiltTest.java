package io.pitcrew.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run builds only the command it names (picocli reads a command's class when the command is added: every run paid
 * for all of them), and that command says the same built alone as in the whole tree.
 */
class CommandsBuiltTest {

    static final List<String> ALL = List.of("doctor", "preflight", "fix", "serve", "incident", "retro", "config", "runbook", "completion", "help");

    private static List<String> built(String... args) {
        return List.copyOf(Pitcrew.commandLine(List.of(), args).getSubcommands().keySet());
    }

    @Test
    void aNamedCommandIsBuiltAlone() {
        assertThat(built("doctor", "--config", "lab/pitcrew.yaml")).containsExactly("doctor");
        assertThat(built("incident", "show", "INC-1")).containsExactly("incident");
        assertThat(built("serve", "token", "--help")).containsExactly("serve");
        assertThat(built("--version")).as("--version alone").isEmpty();
    }

    @Test
    void whatListsOrExplainsTheCommandsGetsThemAll() {
        assertThat(built()).containsExactlyElementsOf(ALL);
        assertThat(built("--help")).containsExactlyElementsOf(ALL);
        assertThat(built("help", "doctor")).containsExactlyElementsOf(ALL);
        assertThat(built("completion", "bash")).containsExactlyElementsOf(ALL);
        assertThat(built("doctr")).as("an unknown word, for the suggestions").containsExactlyElementsOf(ALL);
        assertThat(built("--version", "doctor")).containsExactlyElementsOf(ALL);
    }

    @Test
    void theLabsCommandsToo() {
        List<Object> lab = List.of(new LabCommandStandIn());
        assertThat(Pitcrew.commandLine(lab, new String[] {"standin"}).getSubcommands()).containsOnlyKeys("standin");
        assertThat(Pitcrew.commandLine(lab, new String[] {"doctor"}).getSubcommands()).containsOnlyKeys("doctor");
        assertThat(Pitcrew.commandLine(lab, new String[] {"--help"}).getSubcommands().keySet()).contains("standin", "doctor", "help");
    }

    @CommandLine.Command(name = "standin")
    static final class LabCommandStandIn implements Runnable {
        @Override
        public void run() {
        }
    }

    record Said(int exit, String out, String err) {}

    private static Said run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Said(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void aCommandBuiltAloneSaysWhatItSaysInTheWholeTree() {
        List<List<String>> lines = List.of(
                List.of("doctor", "--help"), List.of("fix", "--help"), List.of("fix", "scale-provisioners", "--help"), List.of("serve", "token", "--help"),
                List.of("incident", "declare", "--help"), List.of("retro", "--help"), List.of("config", "check", "--help"),
                List.of("runbook", "render", "--help"),
                // mistakes: an unknown option, a value its converter refuses, a format the command has not
                List.of("doctor", "--regoin", "x"), List.of("fix", "scale-litellm", "--wait", "5h"), List.of("fix", "list", "-o", "markdown"),
                List.of("fix", "-o", "markdown", "--list"),
                List.of("config"));
        for (List<String> line : lines) {
            String[] args = line.toArray(String[]::new);
            Said alone = run(Pitcrew.commandLine(List.of(), args), args);
            Said whole = run(Pitcrew.commandLine(), args);
            assertThat(alone).as(String.join(" ", line)).isEqualTo(whole);
            assertThat(alone.out() + alone.err()).as(String.join(" ", line)).isNotBlank();
        }
    }
}
