package io.pitcrew.observe.dns;

import java.time.Duration;

/**
 * How a lookup ended. Closed on purpose: every failure a resolver can meet is one of these, so a caller switches
 * over them instead of catching exceptions, and "does not resolve" can say which way it does not.
 */
public sealed interface DnsOutcome {

    /** Short id for reports and evidence, as dig would print it where dig has a word for it. */
    String id();

    /** At least one A or AAAA record at the end of the CNAME chain. */
    record Resolved() implements DnsOutcome {
        public String id() { return "resolved"; }
    }

    /** The name does not exist (rcode NXDOMAIN): nothing in the zone covers it, not even a wildcard. */
    record NxDomain() implements DnsOutcome {
        public String id() { return "NXDOMAIN"; }
    }

    /** NOERROR without A or AAAA records: the name exists (or its CNAME target does) but has no address. */
    record NoAnswer() implements DnsOutcome {
        public String id() { return "NOERROR, no records"; }
    }

    /** The server answered SERVFAIL: it could not get an answer itself (upstream down, broken DNSSEC). */
    record ServFail() implements DnsOutcome {
        public String id() { return "SERVFAIL"; }
    }

    /** No answer within the deadline. */
    record Timeout(Duration after) implements DnsOutcome {
        public String id() { return "timeout after " + after.toMillis() + " ms"; }
    }

    /**
     * Anything else: a refused query, an unreachable server, an answer that is not DNS, a truncated answer whose TCP
     * retry failed, a malformed name, an unexpected rcode.
     */
    record Error(String detail) implements DnsOutcome {
        public String id() { return "error: " + detail; }
    }
}
