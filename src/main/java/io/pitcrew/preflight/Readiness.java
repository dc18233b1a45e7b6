package io.pitcrew.preflight;

import java.util.List;
import java.util.Set;

/** One item of the pre-workshop checklist, judged from doctor's sweep, its findings and the clock. */
public interface Readiness {

    /** The item's name, e.g. "provisioners": the {@code check} of its lines. */
    String name();

    /**
     * The findings ({@code incidentType/cause}) this item speaks for: they make it a blocker here, with their fix,
     * rather than a line of their own under "findings".
     */
    Set<String> claims();

    /** At least one line: every region it judges, or the platform. */
    List<Item> judge(Inputs in);
}
