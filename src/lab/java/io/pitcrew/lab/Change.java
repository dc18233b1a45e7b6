package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;

/** One step of a scenario's overlay on the healthy base, applied to one region. */
public sealed interface Change {

    String region();

    /** Create or replace an object. */
    record Put(String region, HasMetadata object) implements Change {}

    record Delete(String region, ObjectRef ref) implements Change {}

    /** Lines a container wrote (they are merged into its log in time order). */
    record Logs(String region, String namespace, String pod, List<ContainerLine> lines) implements Change {}

    /** The region's API server stops listening. */
    record StopRegion(String region) implements Change {}

    /**
     * An aggregated API group answers 503 ServiceUnavailable, as the API server does when the service behind it is
     * down (metrics.k8s.io when metrics-server is).
     */
    record ApiUnavailable(String region, String group) implements Change {}

    /** Cloudflare answers differently for a name (a wildcard when the name starts with "*."). */
    record Dns(String region, String name, LabDns.Answer answer) implements Change {}

    /** coderd's health check of a workspace proxy changes (name as coderd knows it: oregon, emea). */
    record Proxy(String region, String proxy, boolean healthy, String status, List<String> errors) implements Change {}

    /** coderd's provisioning state becomes this: its daemons, pending jobs and pending or starting builds. */
    record Provisioning(String region, CoderProvisioning state) implements Change {}

    /** A region's public /healthz starts answering differently. */
    record Health(String region, LabHealth.State state) implements Change {}

    /** The LiteLLM proxy, or the providers behind it, start behaving differently. */
    record LiteLLM(String region, LabLiteLLM.State state) implements Change {}

    /** Upstream publishes a new build under the tag; the mirror keeps the old one until it is synced. */
    record UpstreamPublishes(String region, String build) implements Change {}

    /**
     * The host puts a workshop in the lab's pitcrew.yaml ({@code workshops:}); the region is the control plane's. Reset
     * takes it out again.
     */
    record Workshop(String region, io.pitcrew.config.Workshop workshop) implements Change {}
}
