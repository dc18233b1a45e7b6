package io.pitcrew.runbook;

import java.util.List;
import java.util.Map;

/**
 * A {@link Fix} of a finding's cause, filled in from the finding: the action and the parameter sets its evidence gives
 * (one {@code delete-workspace-pod} per evidence pod, one {@code restart-coder} per region; one empty set for an action
 * that needs none; none when the evidence names nothing to fill in).
 */
public record SuggestedFix(String action, List<Map<String, String>> suggested) {

    public SuggestedFix {
        suggested = List.copyOf(suggested);
    }

    /** The commands, as typed: {@code pitcrew fix delete-workspace-pod --region us-west-2 -n coder-workspaces --pod ...}. */
    public List<String> commandLines() {
        return suggested.stream().map(p -> Fix.commandLine(action, p)).toList();
    }
}
