package io.pitcrew.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The API's bearer token, kept only as its SHA-256: a request's token is hashed and the hashes compared in constant
 * time, so neither the comparison's timing nor a heap dump gives the token away. Never printed.
 */
final class BearerToken {

    /** The environment variable that may hold the token when no --token-file is given. */
    static final String ENV = "PITCREW_SERVE_TOKEN";

    private final byte[] hash;

    private BearerToken(String token) {
        if (token.isBlank()) throw new IllegalArgumentException("the API token must not be empty");
        this.hash = sha256(token.strip());
    }

    static BearerToken of(String token) {
        return new BearerToken(token);
    }

    /** True when {@code authorization} is {@code Bearer <the token>}. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return MessageDigest.isEqual(hash, sha256(authorization.substring(7).strip()));
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken(hidden)";
    }
}
