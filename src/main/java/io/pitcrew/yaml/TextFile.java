package io.pitcrew.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A text file a user gave pitcrew (pitcrew.yaml, a kubeconfig, a tokens file), read whole as UTF-8 within limits.
 * Whatever is not such a file is one {@link Problem} before any parser sees it: a log or a disk image passed by
 * mistake is refused at once instead of being parsed for a minute in a gigabyte of memory, and a file saved as
 * Latin-1 says where its first foreign byte is instead of "Input length = 1".
 */
public final class TextFile {

    /**
     * How much is read of one kind of file.
     *
     * @param kind         what the file is, for messages ("a configuration file")
     * @param maxBytes     the largest file read
     * @param maxLineBytes the longest line read: YAML parsers slow down badly on long scalars, and no hand-written line
     *                     is that long
     */
    public record Limits(String kind, int maxBytes, int maxLineBytes) {
        /** pitcrew.yaml, tokens files and runbook files: written by hand, a few kilobytes each. */
        public static final Limits CONFIG = new Limits("a configuration file", 1 << 20, 16 << 10);
    }

    private TextFile() {}

    /** The file's text; a file that is missing, unreadable, too large, with too long a line or not UTF-8 is an {@link InvalidInputException}. */
    public static String read(Path file, Limits limits) {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(new Problem(source, 0, "", "is a directory, not a file",
                        "name the file in it, e.g. " + file.resolve("pitcrew.yaml")));
            }
            // The size first, so a huge file is refused without reading it; then a bounded read, for what has no size
            // (a pipe, /dev/stdin) or grew meanwhile.
            long size = Files.size(file);
            if (size > limits.maxBytes()) throw tooLarge(source, size, limits);
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(limits.maxBytes() + 1);
            }
            if (bytes.length > limits.maxBytes()) throw tooLarge(source, bytes.length, limits);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(new Problem(source, 0, "", "file not found", "check the path, or create the file"));
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(new Problem(source, 0, "", "permission denied",
                    "check the file's permissions (ls -l " + file + ")"));
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(source, 0, "", "cannot read: " + e.getMessage(),
                    "check that the file is readable"));
        }
        checkLines(source, bytes, limits);
        return decode(source, bytes);
    }

    private static void checkLines(String source, byte[] bytes, Limits limits) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i - start > limits.maxLineBytes()) {
                    throw new InvalidInputException(new Problem(source, line, "", "this line is " + size(i - start)
                            + " long; pitcrew reads lines of at most " + size(limits.maxLineBytes()) + " in " + limits.kind(),
                            "check that this is the file you meant"));
                }
                line++;
                start = i + 1;
            }
        }
    }

    private static String decode(String source, byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new InvalidInputException(new Problem(source, 0, "", "is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8",
                    "save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8 " + source + " > " + source + ".utf8"));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            int offset = in.position();
            throw new InvalidInputException(new Problem(source, lineAt(bytes, offset), "",
                    String.format(Locale.ROOT, "not UTF-8 text: byte 0x%02X at offset %d is not UTF-8", bytes[offset] & 0xFF, offset),
                    "save it as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8 " + source + " > " + source + ".utf8), "
                            + "or check that this is the file you meant"));
        }
        return out.flip().toString();
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
        return line;
    }

    private static InvalidInputException tooLarge(String source, long size, Limits limits) {
        return new InvalidInputException(new Problem(source, 0, "", "is " + size(size) + "; pitcrew reads "
                + limits.kind() + " of at most " + size(limits.maxBytes()),
                "check that this is the file you meant"));
    }

    /** 1 MB, 16 KB, 10.5 MB: binary units, as ls -lh shows them. */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        double kb = bytes / 1024.0;
        if (kb < 1024) return trim(kb) + " KB";
        return trim(kb / 1024) + " MB";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
