package io.pitcrew.check;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a check is, apart from what it does: its name, every signal it can raise and every input it reads. Read
 * before any check runs — the runbook loader rejects a rule naming a signal no header lists, and serve re-runs a
 * check only when something its header reads changed — so it is one value, declared once at the top of the check.
 *
 * @param name    short kebab-case name, e.g. "evicted-pods"
 * @param signals every signal id the check can raise (docs/signals.md)
 * @param reads   every part of the snapshot the check reads, and {@link Input#CLOCK} when its answer depends on the
 *                time; a part left out is a fault serve misses
 */
public record CheckHeader(String name, List<String> signals, Set<Input> reads) {

    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public CheckHeader {
        if (!KEBAB.matcher(name).matches()) throw new IllegalArgumentException("a check's name is kebab-case, not '" + name + "'");
        if (signals.isEmpty()) throw new IllegalArgumentException(name + " raises no signal");
        if (reads.isEmpty()) throw new IllegalArgumentException(name + " reads nothing");
        signals = List.copyOf(signals);
        reads = Collections.unmodifiableSet(EnumSet.copyOf(reads));
    }
}
