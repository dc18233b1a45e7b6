package io.pitcrew.cli;

import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.ServerRef;
import io.pitcrew.config.UserHome;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.TextFile;
import io.pitcrew.yaml.YamlDocument;
import picocli.CommandLine.Option;
import tools.jackson.core.JsonPointer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * doctor's warm path: which running {@code pitcrew serve} to ask for its diagnosis before sweeping, and the token to
 * ask with. The token is read from a file or the environment, never the command line (where {@code ps} and shell
 * history would keep it), and never printed.
 */
final class ServerOptions {

    /** The environment variable holding the token to ask serve with. */
    static final String TOKEN_ENV = "PITCREW_TOKEN";

    @Option(names = "--server", paramLabel = "URL",
            description = "Ask this running pitcrew serve for its diagnosis instead of sweeping, e.g. http://127.0.0.1:8461; "
                    + "when it gives none, say why and sweep (default: server.url in pitcrew.yaml)")
    String url;

    @Option(names = "--server-only",
            description = "With a server: exit 3 when it gives no diagnosis, instead of sweeping")
    boolean only;

    @Option(names = "--no-server", description = "Sweep directly, even when pitcrew.yaml names a server")
    boolean none;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the token to ask pitcrew serve with, any role (default: $" + TOKEN_ENV
                    + ", server.tokenFile or server.tokenEnv in pitcrew.yaml, then ~/.pitcrew/serve-token for a server on this machine)")
    Path tokenFile;

    /** Where $PITCREW_TOKEN and $HOME are read; tests give their own. */
    Map<String, String> env = System.getenv();

    /** The server to ask: {@code --server}, else pitcrew.yaml's; none with {@code --no-server}. Bad flags are exit 2. */
    Optional<ServerRef> chosen(PitcrewConfig config) {
        if (none && (url != null || only)) {
            throw new IllegalArgumentException("--no-server and " + (url != null ? "--server" : "--server-only")
                    + " contradict each other: keep one");
        }
        if (none) return Optional.empty();
        if (url != null) {
            try {
                // the config's staleness bound and token places still apply to another URL
                ServerRef configured = config.server().orElse(ServerRef.at(ServerRef.url(url)));
                return Optional.of(new ServerRef(ServerRef.url(url), configured.token(), configured.staleAfter()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--server: " + e.getMessage() + "; give pitcrew serve's base URL, e.g. "
                        + "http://127.0.0.1:8461 (the token comes from --token-file or $" + TOKEN_ENV + ")");
            }
        }
        if (only && config.server().isEmpty()) {
            throw new IllegalArgumentException("--server-only: no server to ask: give --server URL, or server.url in pitcrew.yaml");
        }
        return config.server();
    }

    /**
     * The token to ask {@code server} with: {@code --token-file}, $PITCREW_TOKEN, the config's {@code tokenFile} or
     * {@code tokenEnv}, then serve's own token when it runs on this machine. A file named that cannot be read is exit 2,
     * at its line in pitcrew.yaml when it is named there.
     */
    Optional<String> token(ServerRef server, Optional<YamlDocument> config) {
        if (tokenFile != null) return Optional.of(read(tokenFile, "--token-file " + tokenFile));
        Optional<String> fromEnv = Optional.ofNullable(env.get(TOKEN_ENV)).map(String::strip).filter(t -> !t.isEmpty());
        if (fromEnv.isPresent()) return fromEnv;
        Optional<Path> file = server.token().file();
        if (file.isPresent()) {
            try {
                return Optional.of(read(file.get(), file.get().toString()));
            } catch (InvalidInputException e) {
                Problem p = e.problems().getFirst();
                throw config.map(doc -> new InvalidInputException(doc.problem(JsonPointer.compile("/server/tokenFile"),
                        file.get() + ": " + p.message(), p.fix()))).orElse(e);
            }
        }
        Optional<String> variable = server.token().env();
        if (variable.isPresent()) return Optional.ofNullable(env.get(variable.get())).map(String::strip).filter(t -> !t.isEmpty());
        Path own = UserHome.of(env, System.getProperty("user.home")).serveToken();
        if (server.local() && Files.isReadable(own)) return Optional.of(read(own, own.toString()));
        return Optional.empty();
    }

    /** Where a token was looked for, for the line that says there was none. */
    String places(ServerRef server) {
        return "--token-file FILE, $" + TOKEN_ENV + server.token().env().map(v -> ", $" + v).orElse("")
                + (server.local() ? ", ~/.pitcrew/serve-token" : "") + " or server.tokenFile in pitcrew.yaml";
    }

    private static String read(Path file, String what) {
        String token;
        try {
            token = TextFile.read(file, TextFile.Limits.CONFIG).strip();
        } catch (InvalidInputException e) {
            Problem p = e.problems().getFirst();
            throw new InvalidInputException(new Problem(what, 0, "", p.message(), p.fix()));
        }
        if (token.isEmpty()) throw new InvalidInputException(new Problem(what, 0, "", "is empty", "write the token in it (pitcrew serve token prints one)"));
        // never said back: it may be the token with a stray character, or another file holding secrets
        if (token.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInputException(new Problem(what, 0, "", "holds more than one word, so it is not a token",
                    "a token file holds the token alone, as pitcrew serve token prints it (a --tokens file holds only hashes)"));
        }
        return token;
    }
}
