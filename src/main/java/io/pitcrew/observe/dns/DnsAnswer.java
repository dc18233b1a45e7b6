package io.pitcrew.observe.dns;

import java.util.List;
import java.util.Locale;

/**
 * What one name resolved to.
 *
 * @param name      the name asked for, without the trailing dot
 * @param cnames    the CNAME targets followed, in order, without trailing dots (empty when the name has addresses itself)
 * @param addresses the A and AAAA addresses at the end of the chain, as text ("10.0.0.5", "2001:db8::1")
 * @param outcome   how the lookup ended; {@link DnsOutcome.Resolved} exactly when {@code addresses} is not empty
 * @param server    who was asked ("127.0.0.1:5353", or "system resolver 10.0.0.2:53"), so evidence can say so
 */
public record DnsAnswer(String name, List<String> cnames, List<String> addresses, DnsOutcome outcome, String server) {

    public DnsAnswer {
        cnames = List.copyOf(cnames);
        addresses = List.copyOf(addresses);
    }

    public boolean resolved() { return outcome instanceof DnsOutcome.Resolved; }

    /**
     * A name as answers, expectations and evidence hold it: lower case without the trailing dot, since DNS names
     * compare case-insensitively and dig's dot is noise in evidence. Pure, so a check may use it.
     */
    public static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
