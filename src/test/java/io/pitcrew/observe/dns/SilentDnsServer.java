package io.pitcrew.observe.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A DNS server that hangs: bound on UDP and TCP at one port, it reads nothing and answers nothing. The UDP port is
 * chosen by the kernel and the same TCP port may be someone else's (CI runs other servers), so it tries again.
 */
final class SilentDnsServer implements AutoCloseable {

    private final DatagramSocket udp;
    private final ServerSocket tcp;

    private SilentDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    static SilentDnsServer start() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            var udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            try {
                return new SilentDnsServer(udp, new ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress()));
            } catch (IOException tcpSideTaken) {
                udp.close();
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1 after 50 tries");
    }

    int port() {
        return udp.getLocalPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        try (udp; tcp) {
            // both closed, the TCP socket even when the UDP one throws
        }
    }
}
