package io.pitcrew.observe.dns;

/** A region's domain judged twice: the apex and a name only its wildcard answers. */
public record DomainVerdict(DnsExpectation expectation, DnsVerdict apex, DnsVerdict wildcard) {

    public boolean matches() { return apex.matches() && wildcard.matches(); }
}
