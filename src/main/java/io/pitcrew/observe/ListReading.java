package io.pitcrew.observe;

/**
 * How a sweep reads the big kinds of a region (pods, nodes, events, NodeClaims): in pages of {@code pageSize} objects
 * (0: the whole list in one answer), and each object slimmed by {@link LeanObjects} as its page arrives, or kept as
 * parsed.
 * Either way the checks get the same Fabric8 objects with the same values; only what holding them costs differs.
 */
public record ListReading(long pageSize, boolean slim) {

    /** doctor's: pages of 500 (as serve lists), slimmed, so memory follows what is kept rather than what was parsed. */
    public static final ListReading LEAN = new ListReading(PagedList.PAGE, true);
    /** Each list in one answer, every object as parsed: how doctor read before, what {@link #LEAN} is held against. */
    public static final ListReading WHOLE = new ListReading(0, false);

    public ListReading {
        if (pageSize < 0) throw new IllegalArgumentException("page size must be 0 (the whole list) or more: " + pageSize);
    }
}
