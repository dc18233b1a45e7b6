package io.pitcrew.check;

import io.pitcrew.observe.RegionSnapshot;

import java.util.List;

/** One diagnosis step of the runbook, as a pure function from a region's snapshot to signals. */
public interface Check {

    /** Short kebab-case name, e.g. "evicted-pods". */
    String name();

    /** Every signal id this check can raise; the runbook loader rejects rules naming any other. */
    List<String> signals();

    List<Signal> check(RegionSnapshot region, CheckContext context);
}
