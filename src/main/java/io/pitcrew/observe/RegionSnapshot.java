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

    /** A snapshot of {@code region} read at {@code observedAt}; every list is empty until set. */
    public static Builder of(Region region, Instant observedAt) {
        return new Builder(region, observedAt);
    }

    /** Names each of the seventeen parts, so no caller counts positions. */
    public static final class Builder {
        private final Region region;
        private final Instant observedAt;
        private Duration took = Duration.ZERO;
        private List<Node> nodes = List.of();
        private List<NodeMetrics> nodeMetrics = List.of();
        private List<PodMetrics> podMetrics = List.of();
        private List<Pod> pods = List.of();
        private List<Event> events = List.of();
        private List<Deployment> deployments = List.of();
        private List<Service> services = List.of();
        private List<ServiceAccount> serviceAccounts = List.of();
        private List<PullSecret> pullSecrets = List.of();
        private List<GenericKubernetesResource> nodePools = List.of();
        private List<GenericKubernetesResource> nodeClaims = List.of();
        private List<LogTail> logs = List.of();
        private List<String> gaps = List.of();
        private List<CredentialSecret> credentialSecrets = List.of();

        private Builder(Region region, Instant observedAt) {
            this.region = region;
            this.observedAt = observedAt;
        }

        public Builder took(Duration took) {
            this.took = took;
            return this;
        }

        public Builder nodes(List<Node> nodes) {
            this.nodes = nodes;
            return this;
        }

        public Builder nodeMetrics(List<NodeMetrics> nodeMetrics) {
            this.nodeMetrics = nodeMetrics;
            return this;
        }

        public Builder podMetrics(List<PodMetrics> podMetrics) {
            this.podMetrics = podMetrics;
            return this;
        }

        public Builder pods(List<Pod> pods) {
            this.pods = pods;
            return this;
        }

        public Builder events(List<Event> events) {
            this.events = events;
            return this;
        }

        public Builder deployments(List<Deployment> deployments) {
            this.deployments = deployments;
            return this;
        }

        public Builder services(List<Service> services) {
            this.services = services;
            return this;
        }

        public Builder serviceAccounts(List<ServiceAccount> serviceAccounts) {
            this.serviceAccounts = serviceAccounts;
            return this;
        }

        public Builder pullSecrets(List<PullSecret> pullSecrets) {
            this.pullSecrets = pullSecrets;
            return this;
        }

        public Builder nodePools(List<GenericKubernetesResource> nodePools) {
            this.nodePools = nodePools;
            return this;
        }

        public Builder nodeClaims(List<GenericKubernetesResource> nodeClaims) {
            this.nodeClaims = nodeClaims;
            return this;
        }

        public Builder logs(List<LogTail> logs) {
            this.logs = logs;
            return this;
        }

        public Builder gaps(List<String> gaps) {
            this.gaps = gaps;
            return this;
        }

        public Builder credentialSecrets(List<CredentialSecret> credentialSecrets) {
            this.credentialSecrets = credentialSecrets;
            return this;
        }

        public RegionSnapshot build() {
            return new RegionSnapshot(region, observedAt, took, nodes, nodeMetrics, podMetrics, pods, events, deployments,
                    services, serviceAccounts, pullSecrets, nodePools, nodeClaims, logs, gaps, credentialSecrets);
        }
    }

    public List<LogTail> logs(LogTail.Component component) {
        return logs.stream().filter(l -> l.component() == component).toList();
    }
}
