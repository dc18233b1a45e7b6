package io.pitcrew.preflight;

import io.pitcrew.runbook.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Whatever else doctor finds now: a workshop should not start on top of an incident no other item speaks for. */
final class FindingsReadiness implements Readiness {

    static final String NAME = "findings";

    private final Set<String> claimed;

    /** @param claimed the findings the other items speak for */
    FindingsReadiness(Set<String> claimed) {
        this.claimed = claimed;
    }

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of();
    }

    @Override
    public List<Item> judge(Inputs in) {
        List<Item> out = new ArrayList<>();
        for (Finding f : in.report().findings()) {
            if (claimed.contains(f.key()) || f.incidentType().equals("region-unreachable")) continue;
            out.add(Inputs.item(NAME, f.regions().size() == 1 ? f.regions().getFirst() : null, f));
        }
        if (out.isEmpty()) out.add(Item.ok(NAME, null, "doctor finds nothing else"));
        return out;
    }
}
