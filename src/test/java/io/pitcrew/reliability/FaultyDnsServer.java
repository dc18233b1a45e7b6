package io.pitcrew.reliability;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;

/**
 * A DNS server on 127.0.0.1 (UDP and TCP on one port) that answers every query with one fault: the DNS servers
 * pitcrew meets on a bad day. Nothing is forwarded; a query is only read far enough to answer it with its own id.
 */
final class FaultyDnsServer implements AutoCloseable {

    /** Each fault, and the words doctor says it in (an outcome of {@code DnsProbe}). */
    enum Fault {
        HANG("no answer (hang)", "timeout after"),
        SERVFAIL("SERVFAIL", "SERVFAIL"),
        REFUSED("REFUSED", "server answered REFUSED"),
        TRUNCATED("truncated over UDP, then the TCP connection closed", "truncated answer over UDP, and the TCP retry closed without an answer"),
        TRUNCATED_NO_TCP("truncated over UDP, and TCP refused", "truncated answer over UDP, and the TCP retry was refused"),
        MALFORMED("an answer that is not DNS", "error: not a DNS answer");

        final String label;
        final String said;

        Fault(String label, String said) {
            this.label = label;
            this.said = said;
        }
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Fault fault;

    private FaultyDnsServer(DatagramSocket udp, ServerSocket tcp, Fault fault) {
        this.udp = udp;
        this.tcp = tcp;
        this.fault = fault;
        Thread.ofVirtual().name("faulty-dns-udp").start(this::serveUdp);
        Thread.ofVirtual().name("faulty-dns-tcp").start(this::serveTcp);
    }

    /** For {@link Fault#TRUNCATED_NO_TCP}: the TCP port closed once UDP holds its twin, so a connection to it is refused. */
    private FaultyDnsServer closingTcp() throws IOException {
        if (fault == Fault.TRUNCATED_NO_TCP) tcp.close();
        return this;
    }

    /** The UDP port is the kernel's choice and its TCP twin may be taken (CI runs other servers): tried again. */
    static FaultyDnsServer start(Fault fault) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            var udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            try {
                return new FaultyDnsServer(udp, new ServerSocket(udp.getLocalPort(), 8, InetAddress.getLoopbackAddress()), fault).closingTcp();
            } catch (IOException tcpSideTaken) {
                udp.close();
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1 after 50 tries");
    }

    String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                udp.receive(in);
                byte[] answer = answer(Arrays.copyOf(in.getData(), in.getLength()));
                if (answer != null) udp.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // one query's trouble: the next is answered
            }
        }
    }

    /** Over TCP a hang holds the connection; every other fault's TCP side (a truncated answer's retry) is closed. */
    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket s = tcp.accept();
                if (fault != Fault.HANG) s.close();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private byte[] answer(byte[] query) throws IOException {
        return switch (fault) {
            case HANG -> null;
            case SERVFAIL, REFUSED -> reply(query, fault == Fault.SERVFAIL ? Rcode.SERVFAIL : Rcode.REFUSED, false);
            case TRUNCATED, TRUNCATED_NO_TCP -> reply(query, Rcode.NOERROR, true);
            case MALFORMED -> new byte[]{query[0], query[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 9, 'o', 'o', 'p', 's'};
        };
    }

    private static byte[] reply(byte[] query, int rcode, boolean truncated) throws IOException {
        Message q = new Message(query);
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RD);
        r.getHeader().setFlag(Flags.RA);
        if (truncated) r.getHeader().setFlag(Flags.TC);
        r.getHeader().setRcode(rcode);
        r.addRecord(q.getQuestion(), Section.QUESTION);
        return r.toWire();
    }

    @Override
    public void close() throws IOException {
        try (udp; tcp) {
            // both closed, the TCP socket even when the UDP one throws
        }
    }
}
