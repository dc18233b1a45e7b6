package io.pitcrew.observe.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Asks one DNS server what a region's domain and a name under it resolve to, the way the runbook's {@code dig} does,
 * but with an answer a check can read: the CNAME chain, the addresses, and how it ended.
 *
 * <p>Every lookup of one name is bounded by the timeout as a whole (CNAME hops and the A and AAAA queries included),
 * and nothing is thrown: an unreachable server, a refused query or a deadline are outcomes, because "DNS is broken"
 * is exactly what the caller is trying to find out.
 */
public final class DnsProbe {

    /**
     * The label put in front of a domain to test its wildcard record. A name nobody would create on purpose, so only
     * {@code *.domain} can answer it — the runbook's {@code test-workspace} might one day be a real record.
     */
    public static final String WILDCARD_LABEL = "pitcrew-probe";

    /** CNAME hops followed before giving up; real chains to an ELB are one or two long, loops are misconfiguration. */
    private static final int MAX_CNAME_HOPS = 8;

    /** How dnsjava words an answer whose id, name, class or type is not the query's. */
    private static final Pattern ANOTHER_QUESTION = Pattern.compile("invalid (message id|name|class|type)");

    private final InetSocketAddress server;
    private final String serverText;
    private final String serverProblem;
    private final Duration timeout;

    private DnsProbe(InetSocketAddress server, String serverText, String serverProblem, Duration timeout) {
        this.server = server;
        this.serverText = serverText;
        this.serverProblem = serverProblem;
        this.timeout = timeout;
    }

    /**
     * A probe asking {@code server} ("host:port", "host" for port 53, "[::1]:5353"), or the system's first
     * configured resolver when empty. A server that cannot be parsed or found does not throw here: every lookup
     * then ends in {@link DnsOutcome.Error} saying why, like any other DNS failure.
     */
    public static DnsProbe of(Optional<String> server, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
        if (server.isEmpty() || server.get().isBlank()) {
            InetSocketAddress system = ResolverConfig.getCurrentConfig().server();
            return new DnsProbe(system, "system resolver " + text(system), null, timeout);
        }
        String spec = server.get().trim();
        try {
            InetSocketAddress address = parse(spec);
            if (address.isUnresolved()) return new DnsProbe(null, spec, "cannot find DNS server host " + address.getHostString(), timeout);
            return new DnsProbe(address, text(address), null, timeout);
        } catch (IllegalArgumentException e) {
            return new DnsProbe(null, spec, "not a DNS server address (host:port): " + spec, timeout);
        }
    }

    public Duration timeout() { return timeout; }

    /** Who this probe asks, as evidence shows it. */
    public String server() { return serverText; }

    /** The runbook's two lookups for a domain, side by side so a domain costs one timeout, not two. */
    public DomainAnswers probe(String domain) {
        String apex = DnsAnswer.canonical(domain);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<DnsAnswer> wildcard = threads.submit(() -> resolve(WILDCARD_LABEL + "." + apex));
            DnsAnswer apexAnswer = resolve(apex);
            return new DomainAnswers(apex, apexAnswer, await(wildcard, WILDCARD_LABEL + "." + apex));
        }
    }

    /** A and AAAA for one name, following CNAMEs; A's outcome speaks for the name unless AAAA alone has addresses. */
    public DnsAnswer resolve(String name) {
        String asked = DnsAnswer.canonical(name);
        if (serverProblem != null) return new DnsAnswer(asked, List.of(), List.of(), new DnsOutcome.Error(serverProblem), serverText);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Chain> aaaa = threads.submit(() -> follow(asked, Type.AAAA, deadline));
            Chain a = follow(asked, Type.A, deadline);
            Chain six = awaitChain(aaaa);
            List<String> addresses = new ArrayList<>(a.addresses);
            addresses.addAll(six.addresses);
            if (!addresses.isEmpty()) {
                List<String> cnames = a.addresses.isEmpty() ? six.cnames : a.cnames;
                return new DnsAnswer(asked, cnames, addresses, new DnsOutcome.Resolved(), serverText);
            }
            return new DnsAnswer(asked, a.cnames, List.of(), a.outcome, serverText);
        }
    }

    /** One record type's CNAME chain and addresses. */
    private record Chain(List<String> cnames, List<String> addresses, DnsOutcome outcome) {}

    private Chain follow(String name, int type, long deadline) {
        List<String> cnames = new ArrayList<>();
        String current = name;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            Message response;
            try {
                response = ask(current, type, deadline);
            } catch (Failure f) {
                return new Chain(cnames, List.of(), f.outcome);
            }
            // A server that knows the target answers the whole chain at once; walk it from the name asked.
            List<Record> answers = response.getSection(Section.ANSWER);
            String end = current;
            for (int i = 0; i < MAX_CNAME_HOPS; i++) {
                String owner = end;
                Optional<String> next = answers.stream()
                        .filter(r -> r instanceof CNAMERecord && DnsAnswer.canonical(r.getName().toString()).equals(owner))
                        .map(r -> DnsAnswer.canonical(((CNAMERecord) r).getTarget().toString()))
                        .findFirst();
                if (next.isEmpty() || cnames.contains(next.get()) || next.get().equals(name)) break;
                cnames.add(next.get());
                end = next.get();
            }
            String target = end;
            List<String> addresses = answers.stream()
                    .filter(r -> r.getType() == type && DnsAnswer.canonical(r.getName().toString()).equals(target))
                    .map(DnsProbe::address)
                    .toList();
            int rcode = response.getRcode();
            if (rcode == Rcode.NXDOMAIN) return new Chain(cnames, List.of(), new DnsOutcome.NxDomain());
            if (rcode == Rcode.SERVFAIL) return new Chain(cnames, List.of(), new DnsOutcome.ServFail());
            if (rcode != Rcode.NOERROR) return new Chain(cnames, List.of(), new DnsOutcome.Error("server answered " + Rcode.string(rcode)));
            if (!addresses.isEmpty()) return new Chain(cnames, addresses, new DnsOutcome.Resolved());
            // The chain ends in a name this server did not resolve in the same answer (e.g. an ELB name it
            // forwards for): ask for that name next.
            if (target.equals(current)) return new Chain(cnames, List.of(), new DnsOutcome.NoAnswer());
            current = target;
        }
        return new Chain(cnames, List.of(), new DnsOutcome.Error("more than " + MAX_CNAME_HOPS + " CNAME hops from " + name));
    }

    /** A lookup that ended without a usable response, carried out of {@link #ask} as its outcome. */
    private static final class Failure extends Exception {
        final transient DnsOutcome outcome;

        Failure(DnsOutcome outcome) {
            super(outcome.id(), null, false, false);
            this.outcome = outcome;
        }
    }

    private Message ask(String name, int type, long deadline) throws Failure {
        Record question;
        try {
            question = Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN);
        } catch (TextParseException e) {
            throw new Failure(new DnsOutcome.Error("not a DNS name: " + name));
        }
        Message query = Message.newQuery(question);
        Message response = send(query, false, deadline);
        if (!response.getHeader().getFlag(Flags.TC)) return response;
        // Truncated: asked again over TCP, as dig does, here rather than inside SimpleResolver so that a failed retry
        // can be said as what it is ("truncated answer over UDP, and the TCP retry was refused") and not as an I/O error.
        try {
            return send(query, true, deadline);
        } catch (Failure f) {
            if (!(f.outcome instanceof DnsOutcome.Error(String detail))) throw f;
            throw new Failure(new DnsOutcome.Error("truncated answer over UDP, and the TCP retry " + detail));
        }
    }

    /** One exchange in the time left; the TCP retry's failures are worded to follow "the TCP retry". */
    private Message send(Message query, boolean tcp, long deadline) throws Failure {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new Failure(new DnsOutcome.Timeout(timeout));
        // A fresh resolver per query: SimpleResolver is cheap, and its timeout is the time left for this name.
        // Truncation is left to ask (above), and the sockets to DnsTransport (why: there).
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setIoClientFactory(DnsTransport.INSTANCE);
        resolver.setIgnoreTruncation(true);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofNanos(left));
        try {
            return resolver.sendAsync(query).toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new Failure(new DnsOutcome.Timeout(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(new DnsOutcome.Error("interrupted"));
        } catch (ExecutionException e) {
            throw new Failure(tcp ? tcpOutcomeOf(e.getCause()) : outcomeOf(e.getCause()));
        } catch (RuntimeException e) {
            throw new Failure(outcomeOf(e));
        }
    }

    private DnsOutcome outcomeOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) return new DnsOutcome.Timeout(timeout);
            if (t instanceof PortUnreachableException) return new DnsOutcome.Error("port unreachable at " + serverText + " (no DNS server listening)");
            // dnsjava's checks of an answer against its query: bytes that do not parse, or another query's id or question
            if (t instanceof WireParseException w) return new DnsOutcome.Error(ANOTHER_QUESTION.matcher(String.valueOf(w.getMessage())).lookingAt()
                    ? "an answer to another question" : "not a DNS answer");
        }
        String message = error.getMessage();
        String kind = error instanceof IOException ? "I/O error" : error.getClass().getSimpleName();
        return new DnsOutcome.Error(kind + (message == null ? "" : ": " + message) + " (" + serverText + ")");
    }

    /** What became of a TCP retry, said after "the TCP retry": refused, closed, or as any other outcome. */
    private DnsOutcome tcpOutcomeOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return new DnsOutcome.Error("was refused");
            // an EOF, a reset, a broken pipe: the server took the connection and closed it
            if (t instanceof EOFException || t instanceof SocketException) {
                return new DnsOutcome.Error("closed without an answer");
            }
        }
        DnsOutcome other = outcomeOf(error);
        return other instanceof DnsOutcome.Error(String detail) ? new DnsOutcome.Error("failed: " + detail) : other;
    }

    private DnsAnswer await(Future<DnsAnswer> answer, String name) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DnsAnswer(name, List.of(), List.of(), new DnsOutcome.Error("interrupted"), serverText);
        } catch (ExecutionException e) {
            return new DnsAnswer(name, List.of(), List.of(), outcomeOf(e.getCause()), serverText);
        }
    }

    private Chain awaitChain(Future<Chain> chain) {
        try {
            return chain.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Chain(List.of(), List.of(), new DnsOutcome.Error("interrupted"));
        } catch (ExecutionException e) {
            return new Chain(List.of(), List.of(), outcomeOf(e.getCause()));
        }
    }

    private static String address(Record record) {
        return record instanceof ARecord a ? a.getAddress().getHostAddress() : ((AAAARecord) record).getAddress().getHostAddress();
    }

    private static InetSocketAddress parse(String spec) {
        String host = spec;
        int port = 53;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0) throw new IllegalArgumentException(spec);
            host = spec.substring(1, close);
            if (close + 1 < spec.length()) {
                if (spec.charAt(close + 1) != ':') throw new IllegalArgumentException(spec);
                port = Integer.parseInt(spec.substring(close + 2));
            }
        } else if (spec.indexOf(':') >= 0 && spec.indexOf(':') == spec.lastIndexOf(':')) {
            host = spec.substring(0, spec.indexOf(':'));
            port = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
        }
        if (host.isBlank()) throw new IllegalArgumentException(spec);
        return new InetSocketAddress(host, port);
    }

    private static String text(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
