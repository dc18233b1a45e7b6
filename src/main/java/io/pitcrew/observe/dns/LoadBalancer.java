package io.pitcrew.observe.dns;

import java.util.List;
import java.util.Optional;

/**
 * Where a region's domain should point: its NLB, known by hostname (what Cloudflare's CNAME names, stable) and/or
 * by addresses (what an A record or a resolved ELB name gives, and what changes when AWS moves the NLB).
 *
 * @param region    the region that owns it ("us-east-2"), so evidence can name the region a wrong answer belongs to
 * @param hostname  e.g. {@code a1b2c3-123.elb.us-east-2.amazonaws.com}
 * @param addresses e.g. {@code 3.14.15.92}
 */
public record LoadBalancer(String region, Optional<String> hostname, List<String> addresses) {

    public LoadBalancer {
        hostname = hostname.map(DnsAnswer::canonical);
        addresses = List.copyOf(addresses);
        if (hostname.isEmpty() && addresses.isEmpty()) {
            throw new IllegalArgumentException("load balancer of " + region + " needs a hostname or addresses");
        }
    }

    public static LoadBalancer named(String region, String hostname) {
        return new LoadBalancer(region, Optional.of(hostname), List.of());
    }

    public static LoadBalancer at(String region, String... addresses) {
        return new LoadBalancer(region, Optional.empty(), List.of(addresses));
    }

    /** Whether the answer went through this load balancer's name or landed on one of its addresses. */
    boolean servedBy(DnsAnswer answer) {
        return hostname.filter(answer.cnames()::contains).isPresent()
                || answer.addresses().stream().anyMatch(addresses::contains);
    }

    /** "eu-west-2's a1b2c3-123.elb.eu-west-2.amazonaws.com", or its addresses when no hostname is known. */
    String describe() {
        return region + "'s " + hostname.orElseGet(() -> String.join(", ", addresses));
    }
}
