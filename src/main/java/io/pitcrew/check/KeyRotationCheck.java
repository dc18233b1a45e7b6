package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runbook §1/§3 "Check if LiteLLM key rotation is happening" ({@code kubectl logs -l app=litellm-key-rotator}):
 * a rotation within {@code keyRotationWindow} explains workspace restarts and auth failures. Lines announcing a
 * future rotation ("next rotation in 1h24m", "rotation scheduled at ...") are the rotator idling, not rotating.
 * Lines without a kubelet time are ignored: we cannot tell whether they are recent.
 */
public final class KeyRotationCheck implements Check {

    public static final String ID = "key-rotation-recent";

    private static final Pattern ROTATION = Pattern.compile("(?i)\\brotat(e|es|ed|ing|ion|ions)\\b");
    /** Phrases that announce a rotation to come; removed before looking for a rotation happening now. */
    private static final Pattern FUTURE = Pattern.compile("(?i)\\bnext\\s+(key\\s+)?rotation\\b"
            + "|\\bscheduled\\s+(key\\s+)?rotation\\b|\\brotation\\s+(is\\s+)?scheduled\\b|\\bwill\\s+rotate\\b");

    @Override
    public String name() { return "key-rotation"; }

    @Override
    public List<String> signals() {
        return List.of(ID);
    }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally rotations = LogEvidence.recent(region, LogTail.Component.KEY_ROTATOR,
                context.thresholds().keyRotationWindow(), context, KeyRotationCheck::isRotation);
        List<Signal> out = new ArrayList<>();
        rotations.emit(out, ID, r, "LiteLLM key rotation logged in the last "
                + KubeTime.ago(context.now().minus(context.thresholds().keyRotationWindow()), context.now())
                + " (" + EvidenceTally.count(rotations.affected(), "line") + ")");
        return out;
    }

    /**
     * "Rotated 42 keys; next rotation in 4h" is a rotation; "next rotation in 1h24m" alone is not. So future phrases
     * are cut out and the rest is searched again, rather than vetoing every line that mentions the next one.
     */
    static boolean isRotation(String text) {
        if (text == null || !ROTATION.matcher(text).find()) return false;
        return ROTATION.matcher(FUTURE.matcher(text).replaceAll(" ")).find();
    }
}
