package io.pitcrew.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads pitcrew.yaml's {@code serve:}: how often {@code pitcrew serve} asks, and its tokens file. */
final class ServeConfig {

    static final List<String> KEYS = List.of("probeInterval", "poll", "liveness", "tokens");

    private ServeConfig() {}

    static Serving read(ConfigSection s) {
        Serving d = Serving.defaults();
        Optional<Path> tokens = s.path("tokens", "the role tokens file written by `pitcrew serve token`", "./serve-tokens.yaml");
        return new Serving(s.duration("probeInterval", d.probeInterval()), s.duration("poll", d.poll()),
                s.duration("liveness", d.liveness()), tokens);
    }
}
