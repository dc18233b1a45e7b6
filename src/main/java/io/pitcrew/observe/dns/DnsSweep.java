package io.pitcrew.observe.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The runbook's six {@code dig}s at once: every region's apex and wildcard, each region on its own virtual thread,
 * so the sweep costs one probe timeout however many regions there are.
 */
public final class DnsSweep {

    /** Time past the probe's own timeout before a region is given up on; the probe bounds itself, this is a backstop. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final DnsProbe probe;

    public DnsSweep(DnsProbe probe) {
        this.probe = probe;
    }

    /** One verdict per expectation, in the order given: {@link #answers} then {@link DomainVerdict#judge}. */
    public List<DomainVerdict> check(List<DnsExpectation> expectations) {
        return DomainVerdict.judge(expectations, answers(expectations.stream().map(DnsExpectation::domain).toList()));
    }

    /** The apex and wildcard answers of every domain, in parallel; a domain that overruns is a timeout. */
    public List<DomainAnswers> answers(List<String> domains) {
        List<Callable<DomainAnswers>> tasks = new ArrayList<>();
        for (String d : domains) tasks.add(() -> probe.probe(d));
        List<Future<DomainAnswers>> futures;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            futures = threads.invokeAll(tasks, probe.timeout().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures = List.of();
        }
        List<DomainAnswers> out = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            String d = DnsAnswer.canonical(domains.get(i));
            out.add(i < futures.size() ? answers(futures.get(i), d) : unanswered(d, new DnsOutcome.Error("interrupted")));
        }
        return out;
    }

    private DomainAnswers answers(Future<DomainAnswers> future, String domain) {
        try {
            return future.get();
        } catch (CancellationException e) {
            return unanswered(domain, new DnsOutcome.Timeout(probe.timeout()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unanswered(domain, new DnsOutcome.Error("interrupted"));
        } catch (ExecutionException e) {
            return unanswered(domain, new DnsOutcome.Error(String.valueOf(e.getCause())));
        }
    }

    private DomainAnswers unanswered(String domain, DnsOutcome outcome) {
        String wildcard = DnsProbe.WILDCARD_LABEL + "." + domain;
        return new DomainAnswers(domain,
                new DnsAnswer(domain, List.of(), List.of(), outcome, probe.server()),
                new DnsAnswer(wildcard, List.of(), List.of(), outcome, probe.server()));
    }
}
