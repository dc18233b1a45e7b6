package io.pitcrew.cli;

import io.pitcrew.redact.Credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file of {@code --out FILE}: written whole or not at all. The text goes to a temporary file in the same directory,
 * which is then renamed over FILE, so a reader never sees half of it, and a failed write leaves the old file as it was
 * and no temporary file behind.
 *
 * <p>0644: the file is a report to share. Its text gets the last guard standard output gets ({@code ScrubbedOutput}):
 * every credential pitcrew sent is hidden, also one that a message nobody thought to clean would carry.
 *
 * @param option how the user named it ({@code --out}, or the old {@code -o}), for the messages
 */
record OutFile(Path path, String option) {

    /** Before the work: a file that could not be written is said at once, not after a sweep or a fix. */
    void check() {
        Path dir = directory();
        if (Files.isDirectory(path)) throw problem("is a directory; name a file in it");
        if (!Files.isDirectory(dir)) throw problem("directory " + dir + " does not exist; create it or name a file elsewhere");
        if (!Files.isWritable(dir)) throw problem("cannot write in " + dir + " (permission denied); name a file in a directory you can write");
    }

    void write(String text) {
        check();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(directory(), "." + path.getFileName() + ".", ".tmp");
            Files.writeString(tmp, Credentials.hideSent(text), StandardCharsets.UTF_8);
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw problem("cannot write it (" + reason(e) + "); " + (Files.exists(path) ? "the file is as it was" : "nothing was written"));
        } finally {
            if (tmp != null) deleteQuietly(tmp);
        }
    }

    private Path directory() {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? path.toAbsolutePath() : parent;
    }

    private IllegalArgumentException problem(String what) {
        return new IllegalArgumentException(option + " " + path + ": " + what);
    }

    private static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory: " + n.getFile();
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage();
        };
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write failed already; that is the error to report
        }
    }
}
