package io.pitcrew.server.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The commander token {@code pitcrew serve} makes for itself when it is given none ({@code --tokens},
 * {@code --token-file}, $PITCREW_SERVE_TOKEN, {@code serve.tokens}): 32 random bytes in a file only its owner can
 * read, reused on the next start, so {@code pitcrew serve --config lab/pitcrew.yaml} just works on a laptop and the
 * token is never printed.
 */
public final class LocalToken {

    private LocalToken() {}

    /** The token in {@code file}, created (mode 0600) when the file does not exist yet. */
    public static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file).strip();
                if (token.isEmpty()) throw new IllegalArgumentException(file + " is empty: delete it and pitcrew serve makes a new token");
                return token;
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String token = HexFormat.of().formatHex(bytes);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".serve-token", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own permissions guard it
            }
            Files.writeString(tmp, token + "\n");
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the serve token in " + file + ": " + e.getMessage(), e);
        }
    }
}
