package io.pitcrew.server.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One server-sent-event stream over a plain socket, as a browser tab that opens the page and leaves: the tests decide
 * exactly when it connects, what it reads and when it closes (an HttpClient would pool and keep connections). A
 * client address other than 127.0.0.1 (any of 127/8 reaches the loopback) lets a test be several clients.
 */
final class SseClientSocket implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    /** The status line and headers, lower-cased names. */
    final int status;
    final List<String> headers = new ArrayList<>();

    private SseClientSocket(Socket socket, int status, BufferedReader in) {
        this.socket = socket;
        this.status = status;
        this.in = in;
    }

    static SseClientSocket open(int port, String path, String bearer) {
        return open("127.0.0.1", port, path, bearer, true);
    }

    /** Connects from {@code from}, sends the GET and reads the status line and headers. */
    static SseClientSocket open(String from, int port, String path, String bearer, boolean acceptEventStream) {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + (acceptEventStream ? "Accept: text/event-stream\r\n" : "")
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            if (statusLine == null) throw new IOException("closed before the status line");
            SseClientSocket c = new SseClientSocket(s, Integer.parseInt(statusLine.split(" ")[1]), in);
            for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) c.headers.add(h.toLowerCase(Locale.ROOT));
            return c;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the failure above is the one to report
            }
            throw new UncheckedIOException("GET " + path + " from " + from + ": " + e, e);
        }
    }

    /** Reads until a line starting with {@code prefix} (e.g. "data:" or ": keep-alive") and returns it. */
    String readUntil(String prefix) {
        try {
            for (String line; (line = in.readLine()) != null; ) if (line.startsWith(prefix)) return line;
            throw new IOException("stream ended before a line starting with " + prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a refusal (an ASCII JSON answer with a Content-Length; the connection stays open after it). */
    String body() {
        int length = Integer.parseInt(header("content-length"));
        char[] body = new char[length];
        try {
            for (int read = 0, n; read < length; read += n) {
                n = in.read(body, read, length - read);
                if (n < 0) throw new IOException("closed after " + read + " of " + length + " characters");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(body);
    }

    String header(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headers.stream().filter(h -> h.startsWith(prefix)).map(h -> h.substring(prefix.length()).strip()).findFirst().orElse(null);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sockets this process holds open, from /proc/self/fd: serve and its test share the process. */
    static long openSockets() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
