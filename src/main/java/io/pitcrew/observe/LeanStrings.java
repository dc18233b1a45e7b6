package io.pitcrew.observe;

/**
 * Holds each repeated string of what {@link LeanObjects} keeps once, mostly: a fixed table of the strings seen last,
 * one a slot by hash. A string met again while still in its slot is replaced by the one held; any other takes the
 * slot. The same namespaces, images, label keys, node names, "True" and "Running" arrive with every object and so
 * stay; a value seen once (a uid, a timestamp) passes through and is soon replaced, so nothing grows with what was
 * read, unlike a map of every string. {@link String#intern()} did the same but cost as much CPU as parsing the
 * objects (about 200 ms a 10,000 pods on a command line's JVM).
 *
 * <p>Threads share the table without locks: a slot read while another thread writes it holds either string, both
 * complete (a String's fields are final), so the worst a race does is keep one more copy of a value.
 */
final class LeanStrings {

    private static final int SLOTS = 1 << 14;
    private static final String[] TABLE = new String[SLOTS];

    private LeanStrings() {}

    /** An equal string: the one held if this value was met lately, else {@code s} itself, held from now on. */
    static String of(String s) {
        int slot = spread(s.hashCode()) & (SLOTS - 1);
        String held = TABLE[slot];
        if (s.equals(held)) return held;
        TABLE[slot] = s;
        return s;
    }

    /** The high bits of the hash into the low ones, which pick the slot (as HashMap does). */
    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
