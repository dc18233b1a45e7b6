package io.pitcrew.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a secret is kept: an environment variable or a file. The config holds only the place, never the value, so
 * a config can be printed, logged and compared without leaking anything.
 */
public record SecretRef(Optional<String> env, Optional<Path> file) {

    public static SecretRef env(String variable) {
        return new SecretRef(Optional.of(variable), Optional.empty());
    }

    public static SecretRef file(Path path) {
        return new SecretRef(Optional.empty(), Optional.of(path));
    }

    /** Where to look, for messages: "environment variable X" or "file /p"; never the value. */
    public String describe() {
        return file.map(f -> "file " + f).orElseGet(() -> "environment variable " + env.orElse("(none)"));
    }
}
