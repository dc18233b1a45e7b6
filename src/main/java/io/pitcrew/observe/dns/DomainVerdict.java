package io.pitcrew.observe.dns;

import java.util.ArrayList;
import java.util.List;

/** A region's domain judged twice: the apex and a name only its wildcard answers. */
public record DomainVerdict(DnsExpectation expectation, DnsVerdict apex, DnsVerdict wildcard) {

    public boolean matches() { return apex.matches() && wildcard.matches(); }

    /**
     * Pure: each expectation against the answers for its domain. Every expectation's load balancer is passed to the
     * judge, so an answer pointing at another region's can say whose it is. Expectations without answers are left out.
     */
    public static List<DomainVerdict> judge(List<DnsExpectation> expectations, List<DomainAnswers> answers) {
        List<LoadBalancer> all = expectations.stream().map(DnsExpectation::expected).toList();
        List<DomainVerdict> verdicts = new ArrayList<>();
        for (DnsExpectation e : expectations) {
            answers.stream().filter(a -> a.domain().equals(e.domain())).findFirst().ifPresent(a ->
                    verdicts.add(new DomainVerdict(e, e.judge(a.apex(), all), e.judge(a.wildcard(), all))));
        }
        return verdicts;
    }
}
