package io.pitcrew.drill;

import io.pitcrew.incident.Incident;
import io.pitcrew.store.AuditEntry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a drill is scored from, gathered when it ends: the drill, the lab's truth about its faults (when each
 * began and was mitigated), and what the responders left in the store meanwhile (sightings, incidents, fixes).
 *
 * @param outcome   ended, aborted or abandoned (as {@link Drill.Ending})
 * @param faultAt   when the lab injected the faults; empty when it never did (ended or reset first)
 * @param incidents every incident of the store (those declared during the drill count)
 * @param audit     the audit rows of the store written during the drill, in any order
 */
public record DrillFacts(Drill drill, Instant endedAt, String outcome, Optional<Instant> faultAt, List<Fault> faults,
                         List<Sighting> sightings, List<Incident> incidents, List<AuditEntry> audit) {

    public DrillFacts {
        faults = List.copyOf(faults);
        sightings = List.copyOf(sightings);
        incidents = List.copyOf(incidents);
        audit = List.copyOf(audit);
    }

    /**
     * One fault of the drill, as the lab knows it.
     *
     * @param report       what participants would report, as {@code drill start} printed it
     * @param finding      the finding (incidentType/cause) that names it
     * @param mitigatedAt  when its condition went away, as the lab saw it; empty while it stands
     * @param fixableInLab whether a fix can show in the lab (some causes are fixed outside the cluster: DNS, AWS)
     */
    public record Fault(String scenario, String summary, String report, String finding, Optional<Instant> mitigatedAt,
                        boolean fixableInLab) {}
}
