package io.pitcrew.runbook;

import java.util.List;

/**
 * One incident type of the runbook, as data.
 *
 * @param section   its number in the runbook's "Common Incidents" (0 for pitcrew's own types, such as
 *                  region-unreachable, and for user-added types without one)
 * @param diagnosis the runbook's manual diagnosis commands, kept so the rendered runbook stays complete
 * @param resolution immediate steps that apply whatever the cause
 * @param source    the file it was loaded from, for error messages
 */
public record IncidentType(
        String id,
        int section,
        String title,
        List<String> symptoms,
        List<Step> diagnosis,
        List<Cause> causes,
        List<Step> resolution,
        List<String> workarounds,
        List<String> permanentFix,
        String source) {

    /** The anchor of this type in docs/runbook.md. */
    public String anchor() { return id; }
}
