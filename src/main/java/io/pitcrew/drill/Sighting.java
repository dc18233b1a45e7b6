package io.pitcrew.drill;

import io.pitcrew.runbook.Finding;

import java.time.Instant;
import java.util.List;

/**
 * A finding doctor or serve saw while a drill ran: what the drill's time to detect is measured with.
 *
 * @param source  {@code doctor} or {@code serve}
 * @param finding {@code incidentType/cause}
 */
public record Sighting(Instant at, String source, String finding, List<String> regions) {

    public static final String DOCTOR = "doctor";
    public static final String SERVE = "serve";

    public Sighting {
        regions = List.copyOf(regions);
    }

    /** What one source saw at one time: each finding, by its {@code incidentType/cause}. */
    public static List<Sighting> of(Instant at, String source, List<Finding> findings) {
        return findings.stream().map(f -> new Sighting(at, source, f.key(), f.regions())).toList();
    }
}
