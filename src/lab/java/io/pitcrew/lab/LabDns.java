package io.pitcrew.lab;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small authoritative DNS server on loopback for the lab: UDP and TCP on one free port, answers set (and changed)
 * by a scenario while it runs. Wire parsing and writing are dnsjava's; only the zone logic is here.
 *
 * <p>Like a real authoritative server: the AA flag, the question and id echoed, A records with TTL 60, a CNAME chased
 * inside the zone in the same answer, NXDOMAIN for names nobody set, NOERROR without records for a type a name does
 * not have, and a UDP answer too big for the asker truncated (TC) so it retries over TCP. Exact names win over
 * wildcards, and the most specific wildcard wins. {@link Answer.Silent} never answers, for timeouts.
 *
 * <p>Simpler than a real zone where the lab does not need more: a wildcard answers every name under its domain, even
 * below a name that exists without a wildcard of its own (as dnsmasq's {@code --address} does; RFC 4592 would say
 * NXDOMAIN there); an unknown name is NXDOMAIN even when names exist below it (no empty non-terminals); no SOA or
 * NS records, so negative answers carry no authority section. A CNAME to a name set {@link Answer.NxDomain} answers
 * NXDOMAIN with the CNAME, as RFC 6604 says. Each {@code set} is atomic on its own; a scenario changing several names
 * is seen name by name.
 */
final class LabDns implements AutoCloseable {

    static final long TTL = 60;
    /** CNAME hops chased inside the zone before giving up on a loop. */
    private static final int MAX_CHASE = 8;
    private static final int PLAIN_UDP_SIZE = 512;
    private static final int EDNS_PAYLOAD = 1232;

    /** What one name answers. */
    sealed interface Answer {
        /** A records (and nothing for AAAA). */
        record Address(List<String> ipv4) implements Answer {
            public Address {
                // dnsjava's Address is named in full: this record has its name
                ipv4 = List.copyOf(ipv4);
                for (String ip : ipv4) {
                    if (org.xbill.DNS.Address.toByteArray(ip, org.xbill.DNS.Address.IPv4) == null) {
                        throw new IllegalArgumentException("not an IPv4 address: " + ip);
                    }
                }
            }

            public Address(String... ipv4) { this(List.of(ipv4)); }
        }

        /** A CNAME to {@code target}; its addresses come along when this server knows the target. */
        record Cname(String target) implements Answer {
            public Cname { name(target); }
        }

        /** The name does not exist. */
        record NxDomain() implements Answer {}

        /** Never answers: the asker times out. */
        record Silent() implements Answer {}
    }

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<Name, Answer> exact = new ConcurrentHashMap<>();
    private final Map<Name, Answer> wildcards = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread udpThread;
    private final Thread tcpThread;
    private volatile boolean closed;

    private LabDns(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        this.udpThread = Thread.ofPlatform().daemon().name("lab-dns-udp-" + port()).start(this::serveUdp);
        this.tcpThread = Thread.ofPlatform().daemon().name("lab-dns-tcp-" + port()).start(this::serveTcp);
    }

    /** A server on a free port of 127.0.0.1, UDP and TCP, on daemon threads. */
    static LabDns start() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket tcp = null;
            try {
                tcp = new ServerSocket();
                tcp.bind(new InetSocketAddress(loopback, 0), 50);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
                return new LabDns(udp, tcp);
            } catch (IOException e) {
                // The UDP port of the free TCP port is taken: try another.
                last = e;
                if (tcp != null) {
                    try {
                        tcp.close();
                    } catch (IOException ignored) {
                        // nothing to free
                    }
                }
            }
        }
        throw new UncheckedIOException("no free port for UDP and TCP on " + loopback.getHostAddress(), last);
    }

    int port() { return tcp.getLocalPort(); }

    /** "127.0.0.1:port", as {@code DnsProbe} takes a server. */
    String server() { return tcp.getInetAddress().getHostAddress() + ":" + port(); }

    /** The answer for exactly {@code name} ("ai.coder.com" or "ai.coder.com."), replacing any before. */
    void set(String name, Answer answer) {
        exact.put(name(name), Objects.requireNonNull(answer, "answer"));
    }

    /** The answer for every name under {@code domain} ("*.ai.coder.com" or "ai.coder.com"), not the domain itself. */
    void setWildcard(String domain, Answer answer) {
        wildcards.put(wildcardDomain(domain), Objects.requireNonNull(answer, "answer"));
    }

    /** Forgets {@code name}: an exact name, or a wildcard when written "*.domain". */
    void remove(String name) {
        if (name.trim().startsWith("*.")) wildcards.remove(wildcardDomain(name));
        else exact.remove(name(name));
    }

    void clear() {
        exact.clear();
        wildcards.clear();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            udpThread.join(2000);
            tcpThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- zone logic ---------------------------------------------------------------------------------------------

    /** The answer for a name: its own, else the wildcard of the nearest domain above it, else none. */
    private Answer lookup(Name name) {
        Answer own = exact.get(name);
        if (own != null) return own;
        for (int drop = 1; drop < name.labels(); drop++) {
            Answer wild = wildcards.get(new Name(name, drop));
            if (wild != null) return wild;
        }
        return null;
    }

    /** The response to one query, or null to stay silent. */
    Message respond(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) response.getHeader().setFlag(Flags.RD);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        Record question = query.getQuestion();
        if (question != null) response.addRecord(question, Section.QUESTION);
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        if (question.getDClass() != DClass.IN) {
            response.getHeader().setRcode(Rcode.REFUSED); // not a zone of ours
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        Name name = question.getName(); // owner names keep the asker's case, lookups do not
        int type = question.getType();
        Set<Name> seen = new HashSet<>();
        for (int hop = 0; hop <= MAX_CHASE && seen.add(name.canonicalize()); hop++) {
            Answer answer = lookup(name.canonicalize());
            boolean first = hop == 0;
            switch (answer) {
                case null -> {
                    // Unknown: the name asked does not exist; a CNAME target outside the zone is the asker's to chase.
                    if (first) response.getHeader().setRcode(Rcode.NXDOMAIN);
                    return response;
                }
                case Answer.Silent s -> {
                    return first ? null : response;
                }
                case Answer.NxDomain n -> {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                    return response;
                }
                case Answer.Address a -> {
                    if (type == Type.A || type == Type.ANY) {
                        for (String ip : a.ipv4()) {
                            response.addRecord(new ARecord(name, DClass.IN, TTL, ipv4(ip)), Section.ANSWER);
                        }
                    }
                    return response;
                }
                case Answer.Cname c -> {
                    Name target = name(c.target());
                    response.addRecord(new CNAMERecord(name, DClass.IN, TTL, target), Section.ANSWER);
                    if (type == Type.CNAME) return response;
                    name = target;
                }
            }
        }
        return response; // a CNAME loop: the chain as far as it went
    }

    // --- wire -----------------------------------------------------------------------------------------------------

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            try {
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                Message response = respond(query);
                if (response == null) continue;
                OPTRecord opt = query.getOPT();
                int limit = PLAIN_UDP_SIZE;
                if (opt != null) {
                    limit = Math.max(PLAIN_UDP_SIZE, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
                    response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
                }
                byte[] wire = response.toWire(limit);
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                // A malformed query is dropped, as a server without a header to answer would.
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (closed) return;
                continue;
            }
            connections.add(socket);
            if (closed) {
                closeQuietly(socket);
                return;
            }
            Thread.ofVirtual().name("lab-dns-tcp-conn").start(() -> serveConnection(socket));
        }
    }

    /** Length-prefixed queries on one connection until the asker closes it. */
    private void serveConnection(Socket socket) {
        try (socket;
             DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (!closed) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                Message query;
                Message response;
                try {
                    query = new Message(bytes);
                    response = respond(query);
                } catch (IOException | RuntimeException malformed) {
                    return;
                }
                if (response == null) continue; // Silent: the asker waits for its timeout
                if (query.getOPT() != null) response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
                byte[] wire = response.toWire(65535);
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (SocketException e) {
            // closed by us or the asker
        } catch (IOException e) {
            // a broken connection ends only itself
        } finally {
            connections.remove(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // --- names --------------------------------------------------------------------------------------------------

    /** An absolute, lower-case name; "ai.coder.com" and "AI.coder.com." are the same. */
    static Name name(String text) {
        try {
            return Name.fromString(text.trim(), Name.root).canonicalize();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + text, e);
        }
    }

    private static Name wildcardDomain(String domain) {
        String d = domain.trim();
        return name(d.startsWith("*.") ? d.substring(2) : d);
    }

    private static InetAddress ipv4(String ip) {
        try {
            return InetAddress.getByAddress(org.xbill.DNS.Address.toByteArray(ip, org.xbill.DNS.Address.IPv4));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip, e);
        }
    }
}
