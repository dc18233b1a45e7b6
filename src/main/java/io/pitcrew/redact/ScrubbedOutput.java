package io.pitcrew.redact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The process's standard output and error, each line scrubbed of credentials on its way out: the last guard behind
 * the scrubbing done where answers are read, so a message nobody thought to clean — a library's log line, an
 * exception printed whole — still cannot print a token it sent. Only the values sent are replaced ({@link
 * Credentials#hideSent}): pitcrew's own words, JSON and help text pass unchanged. Lines end at a newline or a carriage
 * return (progress lines); a flush writes the part of a line written so far, so a prompt shows before its answer.
 */
public final class ScrubbedOutput extends OutputStream {

    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    private ScrubbedOutput(OutputStream out) {
        this.out = out;
    }

    /**
     * {@code stream}, scrubbed line by line; UTF-8, as pitcrew writes. Not auto-flushing: such a stream flushes after
     * every {@code print}, which would scrub the pieces of a line one by one and let a credential printed in two
     * pieces through. Whole lines go out as they end; a partial line when the writer flushes (a prompt).
     */
    public static PrintStream of(PrintStream stream) {
        return new PrintStream(new ScrubbedOutput(stream), false, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || b == '\r') emit(line.size());
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit(completeCharacters());
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }

    /** Writes the first {@code length} buffered bytes scrubbed, keeping the rest for later. */
    private void emit(int length) throws IOException {
        if (length == 0) return;
        byte[] bytes = line.toByteArray();
        out.write(Credentials.hideSent(new String(bytes, 0, length, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        out.flush();
        line.reset();
        line.write(bytes, length, bytes.length - length);
    }

    /** How many buffered bytes end on a whole UTF-8 character, so a flush never splits one. */
    private int completeCharacters() {
        byte[] bytes = line.toByteArray();
        int end = bytes.length;
        int start = end - 1;
        while (start >= 0 && start > end - 4 && (bytes[start] & 0xC0) == 0x80) start--;
        if (start < 0) return end;
        int lead = bytes[start] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return end - start >= needed ? end : start;
    }
}
