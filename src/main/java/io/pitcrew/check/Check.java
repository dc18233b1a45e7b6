package io.pitcrew.check;

import io.pitcrew.observe.RegionSnapshot;

import java.util.List;
import java.util.Set;

/** One diagnosis step of the runbook, as a pure function from a region's snapshot to signals. */
public interface Check {

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

    List<Signal> check(RegionSnapshot region, CheckContext context);
}
