package io.pitcrew.observe.dns;

import org.xbill.DNS.Message;
import org.xbill.DNS.io.IoClientFactory;
import org.xbill.DNS.io.TcpIoClient;
import org.xbill.DNS.io.UdpIoClient;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * How a query goes to the DNS server and its answer comes back, given to dnsjava's {@code SimpleResolver} in place of
 * its own NIO clients: one blocking exchange per query on a virtual thread of its own, with its own socket, closed when
 * the exchange ends, never later than the query's timeout.
 *
 * <p>Why not dnsjava's: its clients share one selector thread for the whole process, and a TCP connection that the
 * server closes while a query is written to it kills that thread (a {@code CancelledKeyException} in
 * {@code NioTcpClient}: dnsjava's pull request 411; 3.6.5, the newest release, still has it). Every later lookup of the process then waits
 * for its timeout, and the shutdown hook dnsjava registers waits for the dead thread for ever, so pitcrew could not
 * exit, not even on SIGTERM. A truncated UDP answer whose TCP retry is closed is exactly such a connection.
 * dnsjava still builds the query, checks the answer against it and parses it.
 */
final class DnsTransport implements IoClientFactory, UdpIoClient, TcpIoClient {

    static final DnsTransport INSTANCE = new DnsTransport();

    private DnsTransport() {}

    @Override
    public TcpIoClient createOrGetTcpClient() {
        return this;
    }

    @Override
    public UdpIoClient createOrGetUdpClient() {
        return this;
    }

    /** One datagram out, one in: a connected socket, so only the server's answer is read (and ICMP unreachable is seen). */
    @Override
    public CompletableFuture<byte[]> sendAndReceiveUdp(InetSocketAddress local, InetSocketAddress remote, Message query,
                                                       byte[] data, int max, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return onItsOwnThread(() -> {
            try (DatagramSocket socket = local == null ? new DatagramSocket() : new DatagramSocket(local)) {
                socket.connect(remote);
                socket.send(new DatagramPacket(data, data.length));
                DatagramPacket answer = new DatagramPacket(new byte[max], max);
                socket.setSoTimeout(millisLeft(deadline));
                socket.receive(answer);
                return Arrays.copyOf(answer.getData(), answer.getLength());
            }
        });
    }

    /** The query and its answer, each preceded by its two-byte length (RFC 1035 4.2.2); a connection closed early is an EOF. */
    @Override
    public CompletableFuture<byte[]> sendAndReceiveTcp(InetSocketAddress local, InetSocketAddress remote, Message query,
                                                       byte[] data, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return onItsOwnThread(() -> {
            try (Socket socket = new Socket()) {
                if (local != null) socket.bind(local);
                socket.connect(remote, millisLeft(deadline));
                byte[] framed = new byte[data.length + 2];
                framed[0] = (byte) (data.length >>> 8);
                framed[1] = (byte) data.length;
                System.arraycopy(data, 0, framed, 2, data.length);
                OutputStream out = socket.getOutputStream();
                out.write(framed);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] length = read(socket, in, 2, deadline);
                return read(socket, in, ((length[0] & 0xFF) << 8) | (length[1] & 0xFF), deadline);
            }
        });
    }

    private interface Exchange {
        byte[] run() throws IOException;
    }

    private static CompletableFuture<byte[]> onItsOwnThread(Exchange exchange) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("dns-exchange").start(() -> {
            try {
                answer.complete(exchange.run());
            } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** {@code n} bytes, each read given only the time left, so a server that drips its answer still ends at the deadline. */
    private static byte[] read(Socket socket, InputStream in, int n, long deadline) throws IOException {
        byte[] bytes = new byte[n];
        for (int off = 0; off < n; ) {
            socket.setSoTimeout(millisLeft(deadline));
            int read = in.read(bytes, off, n - off);
            if (read < 0) throw new EOFException("the connection closed before the whole answer came");
            off += read;
        }
        return bytes;
    }

    /** At least 1: a socket timeout of 0 would wait for ever. */
    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) throw new SocketTimeoutException("no answer within the timeout");
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
