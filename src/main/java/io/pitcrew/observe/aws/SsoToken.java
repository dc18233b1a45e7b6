package io.pitcrew.observe.aws;

import io.pitcrew.redact.Credentials;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The token {@code aws sso login} leaves in {@code ~/.aws/sso/cache}: a JSON file named by the SHA-1 of the
 * sso-session's name (or, for a profile without one, of its start URL), with the access token, when it expires, and
 * for an sso-session what refreshes it (refresh token, the client registration's id and secret). Every secret in it
 * is registered with {@link Credentials} as it is read.
 *
 * @param file where it is
 * @param json its fields as read (kept whole, so a refreshed token keeps whatever else the CLI wrote)
 */
record SsoToken(Path file, ObjectNode json) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The cache file for an sso-session name or a legacy profile's start URL. */
    static Path file(Path cache, String sessionOrStartUrl) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(sessionOrStartUrl.getBytes(StandardCharsets.UTF_8));
            return cache.resolve(HexFormat.of().formatHex(sha1) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * The token in {@code file}; empty when there is none (never logged in).
     *
     * @throws IOException when it cannot be read, or is not a token (no accessToken, no expiresAt that is a time)
     */
    static Optional<SsoToken> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IOException("not JSON");
        }
        if (!(node instanceof ObjectNode o) || !o.path("accessToken").isString() || !o.path("expiresAt").isString()) {
            throw new IOException("no accessToken and expiresAt");
        }
        SsoToken token = new SsoToken(file, o);
        try {
            token.expiresAt();
        } catch (DateTimeException e) {
            throw new IOException("expiresAt is not a time");
        }
        for (String secret : new String[] {"accessToken", "refreshToken", "clientSecret"}) {
            if (o.path(secret).isString()) Credentials.sent(o.path(secret).asString());
        }
        return Optional.of(token);
    }

    String accessToken() {
        return json.path("accessToken").asString();
    }

    Instant expiresAt() {
        return instant(json.path("expiresAt").asString());
    }

    /**
     * Whether this token can be refreshed without the browser: an sso-session's token carries a refresh token and a
     * client registration that has not expired (the legacy format has neither, and needs {@code aws sso login}).
     */
    boolean refreshable(Instant now) {
        return json.path("refreshToken").isString() && json.path("clientId").isString() && json.path("clientSecret").isString()
                && (!json.path("registrationExpiresAt").isString() || instant(json.path("registrationExpiresAt").asString()).isAfter(now));
    }

    String refreshToken() {
        return json.path("refreshToken").asString();
    }

    String clientId() {
        return json.path("clientId").asString();
    }

    String clientSecret() {
        return json.path("clientSecret").asString();
    }

    /** This token after SSO-OIDC's CreateToken gave a new access token (and maybe a new refresh token). */
    SsoToken refreshed(String accessToken, Duration expiresIn, Optional<String> refreshToken, Instant now) {
        ObjectNode next = json.deepCopy();
        next.put("accessToken", Credentials.sent(accessToken));
        next.put("expiresAt", now.plus(expiresIn).toString());
        refreshToken.ifPresent(t -> next.put("refreshToken", Credentials.sent(t)));
        return new SsoToken(file, next);
    }

    /**
     * Writes the token back where it was read, as the AWS CLI and SDKs do after a refresh: a refresh token may be
     * used once, so keeping the old one would log the user out. Owner-only, and atomically, so the CLI never reads
     * half a file.
     */
    void write() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".pitcrew-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try {
            Files.writeString(tmp, JSON.writeValueAsString(json), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the temporary file holds the refresh token and the client secret: none is left beside the cache
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** ISO-8601 as the CLI writes it ({@code 2026-12-04T10:00:00Z}), or with {@code UTC} as older CLIs did. */
    private static Instant instant(String text) {
        return Instant.parse(text.endsWith("UTC") ? text.substring(0, text.length() - 3) + "Z" : text);
    }

    @Override
    public String toString() {
        return "SsoToken[" + file + ", expiresAt=" + json.path("expiresAt").asString() + "]";
    }
}
