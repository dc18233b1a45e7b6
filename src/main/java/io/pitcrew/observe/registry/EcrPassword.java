package io.pitcrew.observe.registry;

import java.util.Optional;

/** What came of asking AWS for an ECR registry's pull password ({@link EcrLogin}). */
public sealed interface EcrPassword {

    /** The password (user {@code AWS}), valid 12 hours, registered with {@code redact.Credentials}. */
    record Granted(String password) implements EcrPassword {
        @Override
        public String toString() {
            return "Granted[***]";
        }
    }

    /**
     * No password: one line, free of credentials, saying why and what to do ("no AWS credentials: tried ...; fix: ...",
     * "ECR refused GetAuthorizationToken ...").
     */
    record Unavailable(String reason) implements EcrPassword {}

    /** The password, if AWS gave one. */
    default Optional<String> granted() {
        return this instanceof Granted g ? Optional.of(g.password()) : Optional.empty();
    }
}
