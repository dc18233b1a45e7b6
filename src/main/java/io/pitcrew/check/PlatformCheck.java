package io.pitcrew.check;

import io.pitcrew.observe.Snapshot;

import java.util.List;
import java.util.Set;

/**
 * A diagnosis step that compares regions with each other, such as "Coder image versions across all clusters
 * (must be identical)". It sees every region that answered; its signals still name the region they are about.
 */
public interface PlatformCheck {

    /** Its name, the signals it can raise and what it reads: one value, declared once. */
    CheckHeader header();

    /** Short kebab-case name, e.g. "evicted-pods". */
    default String name() { return header().name(); }

    /** Every signal id this check can raise; the runbook loader rejects rules naming any other. */
    default List<String> signals() { return header().signals(); }

    /**
     * Every part of the snapshot this check reads, and {@link Input#CLOCK} when its answer depends on the time:
     * {@code pitcrew serve} re-runs it only when one of them changed, so a part left out is a fault missed.
     */
    default Set<Input> reads() { return header().reads(); }

    List<Signal> check(Snapshot snapshot, CheckContext context);
}
