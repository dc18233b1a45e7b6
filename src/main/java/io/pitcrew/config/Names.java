package io.pitcrew.config;

import java.util.List;

/**
 * The names the runbook uses for things in the clusters. Defaults are the runbook's own values; a platform
 * that names things differently says so in pitcrew.yaml under {@code names}.
 */
public record Names(
        String coderNamespace,
        String coderDeployment,
        String workspaceSelector,
        String provisionerSelector,
        List<Provisioner> provisioners,
        String litellmNamespace,
        String litellmDeployment,
        String keyRotatorDeployment,
        String keyRotatorSelector,
        String karpenterNamespace,
        String karpenterSelector,
        String litellmSelector,
        List<String> litellmCredentialSecrets) {

    /** The names before the LiteLLM ones were added; those take the runbook's defaults. */
    public Names(String coderNamespace, String coderDeployment, String workspaceSelector, String provisionerSelector,
                 List<Provisioner> provisioners, String litellmNamespace, String litellmDeployment,
                 String keyRotatorDeployment, String keyRotatorSelector, String karpenterNamespace, String karpenterSelector) {
        this(coderNamespace, coderDeployment, workspaceSelector, provisionerSelector, provisioners, litellmNamespace,
                litellmDeployment, keyRotatorDeployment, keyRotatorSelector, karpenterNamespace, karpenterSelector,
                LITELLM_SELECTOR, LITELLM_CREDENTIAL_SECRETS);
    }

    /** The runbook's {@code kubectl get pods -n litellm -l app=litellm}. */
    static final String LITELLM_SELECTOR = "app=litellm";
    /** The runbook's "Check AWS Bedrock credentials" and "Check GCP Vertex credentials" secrets. */
    static final List<String> LITELLM_CREDENTIAL_SECRETS = List.of("litellm-aws-credentials", "litellm-gcp-credentials");

    /** A provisioner deployment and the replicas the runbook says it runs with normally. */
    public record Provisioner(String deployment, int baseline) {}

    public static Names defaults() {
        return new Names("coder", "coder", "app.kubernetes.io/name=coder-workspace", "app=coder-provisioner",
                List.of(new Provisioner("coder-provisioner-default", 6),
                        new Provisioner("coder-provisioner-experimental", 2),
                        new Provisioner("coder-provisioner-demo", 2)),
                "litellm", "litellm", "litellm-key-rotator", "app=litellm-key-rotator",
                "karpenter", "app.kubernetes.io/name=karpenter");
    }
}
