package io.pitcrew.observe;

import java.util.List;

/**
 * The last lines of one pod's log, read for one runbook component.
 *
 * @param component which runbook component the pod belongs to, see {@link Component}
 */
public record LogTail(Component component, String namespace, String pod, List<LogLine> lines) {

    /** The components whose logs the runbook's diagnosis reads. */
    public enum Component { KARPENTER, KEY_ROTATOR, PROVISIONER, LITELLM }
}
