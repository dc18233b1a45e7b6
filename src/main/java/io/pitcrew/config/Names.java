package io.pitcrew.config;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The names the runbook uses for things in the clusters. Defaults are the runbook's own values, and for what the
 * runbook does not name (the AWS load balancer controller, metrics-server, CoreDNS) where EKS puts them; a platform
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
        List<String> litellmCredentialSecrets,
        String coderSelector,
        String karpenterDeployment,
        String loadBalancerControllerNamespace,
        String loadBalancerControllerDeployment,
        String loadBalancerControllerSelector,
        String metricsServerNamespace,
        String metricsServerDeployment,
        String metricsServerSelector,
        String corednsNamespace,
        String corednsDeployment,
        String corednsSelector) {

    /** The names before the platform's other components were added; those take their defaults. */
    public Names(String coderNamespace, String coderDeployment, String workspaceSelector, String provisionerSelector,
                 List<Provisioner> provisioners, String litellmNamespace, String litellmDeployment,
                 String keyRotatorDeployment, String keyRotatorSelector, String karpenterNamespace, String karpenterSelector,
                 String litellmSelector, List<String> litellmCredentialSecrets) {
        this(coderNamespace, coderDeployment, workspaceSelector, provisionerSelector, provisioners, litellmNamespace,
                litellmDeployment, keyRotatorDeployment, keyRotatorSelector, karpenterNamespace, karpenterSelector,
                litellmSelector, litellmCredentialSecrets, CODER_SELECTOR, KARPENTER_DEPLOYMENT, KUBE_SYSTEM,
                LOAD_BALANCER_CONTROLLER, LOAD_BALANCER_CONTROLLER_SELECTOR, KUBE_SYSTEM, METRICS_SERVER,
                METRICS_SERVER_SELECTOR, KUBE_SYSTEM, COREDNS, COREDNS_SELECTOR);
    }

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
    /** The coder Helm chart's pod label, in every region (workspace proxies run the same chart). */
    static final String CODER_SELECTOR = "app.kubernetes.io/name=coder";
    /** The Karpenter chart's Deployment. */
    static final String KARPENTER_DEPLOYMENT = "karpenter";
    /** EKS runs its add-ons here: the load balancer controller, metrics-server and CoreDNS. */
    static final String KUBE_SYSTEM = "kube-system";
    static final String LOAD_BALANCER_CONTROLLER = "aws-load-balancer-controller";
    static final String LOAD_BALANCER_CONTROLLER_SELECTOR = "app.kubernetes.io/name=aws-load-balancer-controller";
    static final String METRICS_SERVER = "metrics-server";
    static final String METRICS_SERVER_SELECTOR = "k8s-app=metrics-server";
    /** CoreDNS keeps kube-dns's label, which its Service selects on. */
    static final String COREDNS = "coredns";
    static final String COREDNS_SELECTOR = "k8s-app=kube-dns";

    /** A provisioner deployment and the replicas the runbook says it runs with normally. */
    public record Provisioner(String deployment, int baseline) {}

    /** Where one of the platform's own components runs: its Deployment and the label selector of its pods. */
    public record Workload(String namespace, String deployment, String selector) {}

    public Workload coder() { return new Workload(coderNamespace, coderDeployment, coderSelector); }

    public Workload provisioner(Provisioner p) { return new Workload(coderNamespace, p.deployment(), provisionerSelector); }

    public Workload litellm() { return new Workload(litellmNamespace, litellmDeployment, litellmSelector); }

    public Workload keyRotator() { return new Workload(litellmNamespace, keyRotatorDeployment, keyRotatorSelector); }

    public Workload karpenter() { return new Workload(karpenterNamespace, karpenterDeployment, karpenterSelector); }

    public Workload loadBalancerController() {
        return new Workload(loadBalancerControllerNamespace, loadBalancerControllerDeployment, loadBalancerControllerSelector);
    }

    public Workload metricsServer() { return new Workload(metricsServerNamespace, metricsServerDeployment, metricsServerSelector); }

    public Workload coredns() { return new Workload(corednsNamespace, corednsDeployment, corednsSelector); }

    /** Every namespace whose Deployments pitcrew reads (doctor lists them, serve watches them), each once. */
    public List<String> deploymentNamespaces() {
        return List.copyOf(new LinkedHashSet<>(List.of(coderNamespace, litellmNamespace, karpenterNamespace,
                loadBalancerControllerNamespace, metricsServerNamespace, corednsNamespace)));
    }

    public static Names defaults() {
        return new Names("coder", "coder", "app.kubernetes.io/name=coder-workspace", "app=coder-provisioner",
                List.of(new Provisioner("coder-provisioner-default", 6),
                        new Provisioner("coder-provisioner-experimental", 2),
                        new Provisioner("coder-provisioner-demo", 2)),
                "litellm", "litellm", "litellm-key-rotator", "app=litellm-key-rotator",
                "karpenter", "app.kubernetes.io/name=karpenter");
    }
}
