package io.pitcrew.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static io.pitcrew.cli.FixCommandTest.pitcrew;
import static org.assertj.core.api.Assertions.assertThat;

/** pitcrew completion bash|zsh: a script for every command, which a real bash loads and completes with. */
class CompletionCommandTest {

    @TempDir
    Path tmp;

    /** Every command below pitcrew, as the words that name it ("incident declare"). */
    private static List<String> commandPaths(CommandLine command, String prefix, List<String> into) {
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName()) || sub.getCommandSpec().usageMessage().hidden()) return; // aliases, hidden
            String path = prefix.isEmpty() ? name : prefix + " " + name;
            into.add(path);
            commandPaths(sub, path, into);
        });
        return into;
    }

    @Test
    void theScriptHasAFunctionForEveryCommand() {
        FixCommandTest.Run bash = pitcrew("completion", "bash");
        assertThat(bash.exit()).as(bash.err()).isZero();
        List<String> commands = commandPaths(Pitcrew.commandLine(), "", new ArrayList<>());
        assertThat(commands).contains("doctor", "incident declare", "serve token", "completion bash");
        for (String command : commands) {
            assertThat(bash.out()).as(command).contains("function _picocli_pitcrew_" + command.replace(' ', '_').replace("-", "") + "()");
        }
        assertThat(bash.out()).contains("complete -F _complete_pitcrew");
    }

    @Test
    void zshGetsTheScriptThroughBashcompinit() {
        FixCommandTest.Run zsh = pitcrew("completion", "zsh");
        assertThat(zsh.exit()).as(zsh.err()).isZero();
        assertThat(zsh.out()).contains("autoload -U +X bashcompinit && bashcompinit", "complete -F _complete_pitcrew")
                .startsWith("# pitcrew completion for zsh");
    }

    @Test
    void noShellOrAnUnknownOneIsAUsageError() {
        FixCommandTest.Run none = pitcrew("completion");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("pitcrew completion bash");
        FixCommandTest.Run fish = pitcrew("completion", "fish");
        assertThat(fish.exit()).isEqualTo(2);
        assertThat(fish.err()).contains("fish");
    }

    @Test
    void bashCompletesCommandsOptionsAndTheirValues() throws Exception {
        Path script = tmp.resolve("pitcrew.bash");
        Files.writeString(script, pitcrew("completion", "bash").out());
        // as bash calls it on TAB: the function `complete` registered for pitcrew, with COMP_WORDS/COMP_CWORD/COMP_LINE
        Path driver = tmp.resolve("driver.sh");
        Files.writeString(driver, """
                source "$1"; shift
                spec=$(complete -p pitcrew) || { echo "no completion registered for pitcrew" >&2; exit 3; }
                fn=${spec#*-F }; fn=${fn%% *}
                for line in "$@"; do
                  read -r -a COMP_WORDS <<<"$line"
                  [[ $line == *' ' ]] && COMP_WORDS+=("")
                  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=$line; COMP_POINT=${#line}; COMPREPLY=()
                  "$fn" pitcrew "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
                  echo "[$line]"; printf '%s\\n' "${COMPREPLY[@]}"
                done
                """);
        Map<String, List<String>> completed = bash(driver, script, "pitcrew doc", "pitcrew doctor -o ", "pitcrew fix list -o ",
                "pitcrew doctor --fail", "pitcrew incident dec", "pitcrew completion ");

        assertThat(completed.get("pitcrew doc")).containsExactly("doctor");
        // each command's own formats, as -o accepts them
        assertThat(completed.get("pitcrew doctor -o ")).containsExactlyInAnyOrder("table", "wide", "json", "yaml", "markdown");
        assertThat(completed.get("pitcrew fix list -o ")).containsExactlyInAnyOrder("table", "json", "yaml");
        assertThat(completed.get("pitcrew doctor --fail")).containsExactly("--fail-on");
        assertThat(completed.get("pitcrew incident dec")).containsExactlyInAnyOrder("declare", "decide");
        assertThat(completed.get("pitcrew completion ")).contains("bash", "zsh");
    }

    /** Runs the driver in bash; the completions of each line, by line. */
    private Map<String, List<String>> bash(Path driver, Path script, String... lines) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", driver.toString(), script.toString()));
        command.addAll(List.of(lines));
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        Map<String, List<String>> completed = new LinkedHashMap<>();
        List<String> current = null;
        for (String l : out.lines().toList()) {
            if (l.startsWith("[") && l.endsWith("]")) completed.put(l.substring(1, l.length() - 1), current = new ArrayList<>());
            else if (current != null && !l.isEmpty()) current.add(l);
        }
        assertThat(completed).as(out + err).containsOnlyKeys(lines);
        return completed;
    }
}
