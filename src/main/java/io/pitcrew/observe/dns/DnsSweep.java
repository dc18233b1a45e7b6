package io.pitcrew.observe.dns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /** One verdict per expectation, in the order given; a region that overruns is judged as a timeout. */
    public List<DomainVerdict> check(List<DnsExpectation> expectations) {
        List<LoadBalancer> all = expectations.stream().map(DnsExpectation::expected).toList();
        List<Callable<DomainAnswers>> tasks = new ArrayList<>();
        for (DnsExpectation e : expectations) tasks.add(() -> probe.probe(e.domain()));
        List<Future<DomainAnswers>> futures;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            futures = threads.invokeAll(tasks, probe.timeout().plus(GRACE).toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures = List.of();
        }
        List<DomainVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < expectations.size(); i++) {
            DnsExpectation e = expectations.get(i);
            DomainAnswers answers = i < futures.size() ? answers(futures.get(i), e.domain()) : unanswered(e.domain(), new DnsOutcome.Error("interrupted"));
            verdicts.add(new DomainVerdict(e, e.judge(answers.apex(), all), e.judge(answers.wildcard(), all)));
        }
        return verdicts;
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
