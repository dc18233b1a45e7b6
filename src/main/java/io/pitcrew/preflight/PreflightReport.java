package io.pitcrew.preflight;

import io.pitcrew.config.Workshop;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The go / no-go of {@code pitcrew preflight}: its JSON document ({@code -o json}), {@code {verdict, workshop, items}}.
 *
 * @param verdict  {@code go} when no item is a blocker, else {@code no-go}; risks do not stop a workshop
 * @param notAsked what could not be asked (as doctor lists it), so "ok" is never read into a question not answered
 */
public record PreflightReport(String verdict, Workshop workshop, List<Item> items, Instant observedAt, long tookMillis,
                             List<String> notAsked) {

    public static final String GO = "go";
    public static final String NO_GO = "no-go";

    public static PreflightReport of(Workshop workshop, List<Item> items, Instant observedAt, long tookMillis, List<String> notAsked) {
        boolean blocked = items.stream().anyMatch(i -> i.status() == Status.BLOCKER);
        return new PreflightReport(blocked ? NO_GO : GO, workshop, List.copyOf(items), observedAt, tookMillis, List.copyOf(notAsked));
    }

    public boolean go() {
        return GO.equals(verdict);
    }

    public long count(Status status) {
        return items.stream().filter(i -> i.status() == status).count();
    }

    /** The fixes to run, each once, in the order of the items: blockers first, then risks. */
    public List<String> fixes() {
        return items.stream().filter(i -> i.fix() != null && i.status() != Status.OK)
                .sorted(Comparator.comparing((Item i) -> i.status() == Status.BLOCKER ? 0 : 1))
                .map(Item::fix).distinct().toList();
    }
}
