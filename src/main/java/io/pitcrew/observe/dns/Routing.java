package io.pitcrew.observe.dns;

import java.util.Optional;

/** How a name's answer compares with where its region's traffic should go; the runbook's three cases. */
public sealed interface Routing {

    /** "matches", "resolves-elsewhere" or "does-not-resolve", for reports and signals. */
    String id();

    /** Through the expected load balancer's name, or onto its addresses only. */
    record Matches() implements Routing {
        public String id() { return "matches"; }
    }

    /**
     * Resolves, but not to the expected load balancer.
     *
     * @param region the region whose load balancer it points at instead; empty when the addresses belong to none
     */
    record ResolvesElsewhere(Optional<String> region) implements Routing {
        public String id() { return "resolves-elsewhere"; }
    }

    /** No address at all; the outcome says whether the name is missing, empty, failing or unanswered. */
    record DoesNotResolve(DnsOutcome outcome) implements Routing {
        public String id() { return "does-not-resolve"; }
    }
}
