package io.pitcrew.incident;

/**
 * Work left for after the incident: the permanent fix, a runbook change.
 *
 * @param issue the GitHub issue opened for it ({@code followup --github}), or an empty string
 */
public record FollowUpItem(String text, String issue) {

    public FollowUpItem {
        issue = issue == null ? "" : issue;
    }
}
