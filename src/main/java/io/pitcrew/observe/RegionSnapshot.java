package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.pitcrew.config.Region;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one sweep read from one region's API server. Immutable; checks only read it.
 *
 * @param podMetrics  metrics.k8s.io usage of the pods of the coder and LiteLLM namespaces (provisioners, LiteLLM)
 * @param pods        every pod in every namespace
 * @param events      every event in every namespace (filtered client-side: field selectors are not portable)
 * @param deployments deployments of the namespaces of the platform's components (coder, LiteLLM, Karpenter, kube-system)
 * @param services    services of the coder namespace (the load balancers the public names point at)
 * @param serviceAccounts service accounts of the coder namespace (the provisioners' IAM role annotation)
 * @param pullSecrets image pull secrets of every namespace, without their credentials
 * @param nodePools   Karpenter {@code karpenter.sh/v1} NodePools (empty when Karpenter is not installed)
 * @param nodeClaims  Karpenter NodeClaims
 * @param logs        log tails of the components the runbook reads logs of
 * @param gaps        what could not be read, with why ("metrics.k8s.io: 404"): a gap is not a failure of the region
 * @param credentialSecrets the configured LiteLLM credential secrets of the LiteLLM namespace, present or missing,
 *                    as metadata only; empty when secrets could not be listed
 */
public record RegionSnapshot(
        Region region,
        Instant observedAt,
        Duration took,
        List<Node> nodes,
        List<NodeMetrics> nodeMetrics,
        List<PodMetrics> podMetrics,
        List<Pod> pods,
        List<Event> events,
        List<Deployment> deployments,
        List<Service> services,
        List<ServiceAccount> serviceAccounts,
        List<PullSecret> pullSecrets,
        List<GenericKubernetesResource> nodePools,
        List<GenericKubernetesResource> nodeClaims,
        List<LogTail> logs,
        List<String> gaps,
        List<CredentialSecret> credentialSecrets) implements RegionObservation {

    /** A snapshot without LiteLLM credential secrets read. */
    public RegionSnapshot(Region region, Instant observedAt, Duration took, List<Node> nodes, List<NodeMetrics> nodeMetrics,
                          List<PodMetrics> podMetrics, List<Pod> pods, List<Event> events, List<Deployment> deployments,
                          List<Service> services, List<ServiceAccount> serviceAccounts, List<PullSecret> pullSecrets,
                          List<GenericKubernetesResource> nodePools, List<GenericKubernetesResource> nodeClaims,
                          List<LogTail> logs, List<String> gaps) {
        this(region, observedAt, took, nodes, nodeMetrics, podMetrics, pods, events, deployments, services, serviceAccounts,
                pullSecrets, nodePools, nodeClaims, logs, gaps, List.of());
    }

    public List<LogTail> logs(LogTail.Component component) {
        return logs.stream().filter(l -> l.component() == component).toList();
    }
}
