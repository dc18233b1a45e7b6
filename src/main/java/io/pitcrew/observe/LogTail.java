package io.pitcrew.observe;

import java.util.List;

/**
 * The last lines of one pod's log, read for one runbook component.
 *
 * @param component which runbook component the pod belongs to, see {@link Component}
 */
public record LogTail(Component component, String namespace, String pod, List<LogLine> lines) {

    /**
     * The components whose logs the diagnosis reads: the runbook's (Karpenter, the key rotator, provisioners, LiteLLM),
     * and those whose last error line is the evidence of their outage (coder, the AWS load balancer controller,
     * metrics-server, CoreDNS).
     */
    public enum Component { KARPENTER, KEY_ROTATOR, PROVISIONER, LITELLM, CODER, LOAD_BALANCER_CONTROLLER, METRICS_SERVER, COREDNS }
}
