package io.pitcrew.act;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every action {@code pitcrew fix} knows, in the runbook's order of incident types. */
public final class Actions {

    public static final List<Action> ALL = List.of(
            new PauseKeyRotation(),
            new ResumeKeyRotation(),
            new DeleteWorkspacePod(),
            new RestartCoder(),
            new SyncMirror(),
            new RefreshPullSecret(),
            new ScaleLitellm(),
            new UpdateLitellmCredentials(),
            new RestartLitellm(),
            new ScaleProvisioners(),
            new RaiseProvisionerLimits());

    /**
     * The longest {@code pause-key-rotation} (--for, --until): the runbook pauses the rotator for a workshop and
     * re-enables it after; a pause longer than a workshop day is a rotation forgotten, with keys left unrotated.
     */
    public static final Duration LONGEST_KEY_ROTATION_PAUSE = Duration.ofHours(24);

    private Actions() {}

    public static Optional<Action> byId(String id) {
        return ALL.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return ALL.stream().map(Action::id).toList();
    }
}
