package io.pitcrew.cli;

import io.pitcrew.server.access.Role;
import io.pitcrew.server.access.TokenFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pitcrew serve token}: a new API token, printed once; only its SHA-256 goes into the tokens file. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create an API token for pitcrew serve: prints it once on stdout and adds only its SHA-256 to the tokens file.",
                "The file is rewritten atomically with mode 0600; a name already in it is refused."},
        footer = {"", "Roles: viewer (read), responder (+ notes, updates, checklist, plan and apply actions), commander (+ declare, severity, roles, resolve).",
                "", "Example:",
                "  pitcrew serve token --tokens /etc/pitcrew/tokens.yaml --name alice --role commander > alice.token"})
final class ServeTokenCommand implements Callable<Integer> {

    @Option(names = "--tokens", paramLabel = "FILE", required = true, description = "The tokens file (created if missing)")
    Path tokens;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "Who holds the token: shown as the actor in timelines and the audit log")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", required = true, description = "viewer, responder or commander")
    String role;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String token = TokenFile.add(tokens, name, Role.parse(role));
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println("added " + name + " (" + Role.parse(role).label() + ") to " + tokens
                + "; the token above is shown only now");
        return 0;
    }
}
