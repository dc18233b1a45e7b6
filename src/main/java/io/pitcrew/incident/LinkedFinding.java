package io.pitcrew.incident;

import java.util.List;

/**
 * A doctor finding linked to an incident, as {@code pitcrew doctor -o json} prints it: the incident type and cause
 * ids (stable API), the severity doctor suggested, the regions, and its title in the runbook's words.
 */
public record LinkedFinding(String incidentType, String cause, String severity, List<String> regions, String title) {

    public LinkedFinding {
        regions = List.copyOf(regions);
        title = title == null ? "" : title;
    }

    /** {@code incidentType/cause}, the form {@code --from-finding} takes. */
    public String id() {
        return incidentType + "/" + cause;
    }
}
