package io.pitcrew.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.pitcrew.config.ConfigSection.given;

/** Reads pitcrew.yaml's {@code server:}: the {@code pitcrew serve} doctor asks first (its warm path), and its token. */
final class ServerConfig {

    static final List<String> KEYS = List.of("url", "tokenFile", "tokenEnv", "staleAfter");

    private ServerConfig() {}

    static Optional<ServerRef> read(ConfigSection top) {
        if (!top.node.has("server")) return Optional.empty();
        ConfigSection s = top.section("server", KEYS);
        String url = s.text("url", null, "pitcrew serve's URL, e.g. http://127.0.0.1:8461");
        URI uri = null;
        if (url != null) {
            try {
                uri = ServerRef.url(url);
            } catch (IllegalArgumentException e) {
                s.problem(s.at("url"), e.getMessage(), "write pitcrew serve's base URL, e.g. http://127.0.0.1:8461 (the token comes from "
                        + "tokenFile or tokenEnv, never the URL)");
            }
        }
        Optional<String> tokenEnv = given(s.text("tokenEnv", "", "the environment variable holding a pitcrew serve token"));
        tokenEnv.filter(v -> !v.matches("[A-Za-z_][A-Za-z0-9_]*")).ifPresent(v -> s.problem(s.at("tokenEnv"),
                "'" + v + "' is not an environment variable name", "name the variable, e.g. PITCREW_TOKEN; never put the token itself in the file"));
        Optional<Path> tokenFile = s.path("tokenFile", "a file holding a pitcrew serve token, relative to this file", "./serve-token");
        if (tokenEnv.isPresent() && tokenFile.isPresent()) {
            s.problem(s.at("tokenEnv"), "both tokenEnv and tokenFile are given", "keep one of them: the token is read from one place");
        }
        Duration staleAfter = s.duration("staleAfter", ServerRef.STALE_AFTER);
        if (staleAfter != null && (staleAfter.compareTo(ServerRef.SHORTEST_STALE_AFTER) < 0 || staleAfter.compareTo(Duration.ofDays(1)) > 0)) {
            s.problem(s.at("staleAfter"), "must be from " + DurationText.format(ServerRef.SHORTEST_STALE_AFTER) + " to 1d, got "
                    + DurationText.format(staleAfter), "serve evaluates at least every 5s, so a report older than staleAfter means it "
                    + "has stopped; the default is " + DurationText.format(ServerRef.STALE_AFTER));
            staleAfter = null;
        }
        if (uri == null || staleAfter == null) return Optional.empty();
        return Optional.of(new ServerRef(uri, new SecretRef(tokenEnv, tokenFile), staleAfter));
    }
}
