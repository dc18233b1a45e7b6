package io.pitcrew.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code pitcrew completion bash|zsh}: the shell completion script for every command, option and option value, made by
 * picocli from the commands as they are, so it cannot fall behind them.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {
                "Print the shell completion script for pitcrew (commands, options, and the values an option takes).",
                "bash:  source <(pitcrew completion bash)      (in ~/.bashrc), or save it as",
                "       ~/.local/share/bash-completion/completions/pitcrew",
                "zsh:   source <(pitcrew completion zsh)       (in ~/.zshrc)"})
final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing shell: pitcrew completion bash, or pitcrew completion zsh");
    }

    @Command(name = "bash", mixinStandardHelpOptions = true, description = "The completion script for bash")
    void bash() {
        print("# pitcrew completion for bash: source <(pitcrew completion bash), or save it as"
                + " ~/.local/share/bash-completion/completions/pitcrew");
    }

    // picocli's script is zsh's too: sourced in zsh it loads compinit and bashcompinit itself (picocli's advice), so
    // it is sourced rather than put on $fpath, which wants a zsh completion function.
    @Command(name = "zsh", mixinStandardHelpOptions = true, description = "The completion script for zsh (through its bashcompinit)")
    void zsh() {
        print("# pitcrew completion for zsh, through bashcompinit: source <(pitcrew completion zsh) in ~/.zshrc");
    }

    private void print(String header) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(header);
        out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        out.flush();
    }
}
