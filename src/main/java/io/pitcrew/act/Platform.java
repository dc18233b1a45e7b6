package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.redact.Credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The platform as actions see it: pitcrew.yaml, one Kubernetes client per region (made when first needed), and the
 * moment this fix began. Every API call goes through {@link #call}, so a 403 names what permission is missing.
 */
public final class Platform implements AutoCloseable {

    private final PitcrewConfig config;
    private final Function<Region, KubernetesClient> connect;
    private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();
    private final Instant startedAt;
    private final boolean ownsClients;
    private final Registries registries;

    /** Tests hand in their own clients (which they close). */
    public Platform(PitcrewConfig config, Function<Region, KubernetesClient> clients, Instant startedAt) {
        this(config, clients, startedAt, false);
    }

    private Platform(PitcrewConfig config, Function<Region, KubernetesClient> connect, Instant startedAt, boolean owns) {
        this.config = config;
        this.connect = connect;
        this.startedAt = startedAt;
        this.ownsClients = owns;
        this.registries = new Registries(config.probes().mirror(), Duration.ofSeconds(15));
    }

    /** Clients from the kubeconfig, one context per region, as doctor makes them. */
    public static Platform connect(PitcrewConfig config, Kubeconfig kubeconfig) {
        return new Platform(config, region -> {
            Config c = kubeconfig.clientConfig(region.context());
            c.setRequestTimeout(15_000);
            // Writes are conditional on resourceVersion and retried by the safe path itself, after planning again.
            c.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(c).build();
        }, Instant.now(), true);
    }

    public PitcrewConfig config() { return config; }

    /** When this fix began: a restart stamped after it was made by someone else meanwhile. */
    public Instant startedAt() { return startedAt; }

    /** The upstream and mirror registries of pitcrew.yaml's mirror: block. */
    public Registries registries() { return registries; }

    public Region controlPlane() {
        return config.controlPlane().orElseThrow(() -> new IllegalArgumentException(
                "pitcrew.yaml has no region with role: control-plane, where LiteLLM and the provisioners run"));
    }

    public Region region(String name) {
        return config.region(name).orElseThrow(() -> new IllegalArgumentException("--region " + name
                + ": no such region; configured: " + String.join(", ", config.regions().stream().map(Region::name).toList())));
    }

    public synchronized KubernetesClient client(Region region) {
        return clients.computeIfAbsent(region.name(), n -> connect.apply(region));
    }

    /** A deployment as it is now, or empty when it does not exist. */
    public Optional<Deployment> deployment(Region region, String namespace, String name) {
        return Optional.ofNullable(call(region, "get", "deployments.apps", namespace,
                () -> client(region).apps().deployments().inNamespace(namespace).withName(name).get()));
    }

    /**
     * Runs one API call. A 403 becomes {@link Forbidden} naming the verb, resource and namespace; other failures
     * become {@link ActionFailed} naming the region; a 409 is left to the safe path, which plans again.
     */
    public <T> T call(Region region, String verb, String resource, String namespace, Supplier<T> op) {
        try {
            return op.get();
        } catch (KubernetesClientException e) {
            // an API server's message may quote the request: taken through Credentials like every answer
            if (e.getCode() == 403) throw new Forbidden(verb, resource, namespace, region,
                    e.getStatus() == null || e.getStatus().getMessage() == null ? null : Credentials.excerpt(e.getStatus().getMessage(), 300));
            if (e.getCode() == 409) throw e;
            String what = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getCause() != null ? e.getCause().toString() : String.valueOf(e.getMessage());
            throw new ActionFailed(region.name() + ": cannot " + verb + " " + resource + " in namespace " + namespace
                    + " (context " + region.context() + "): " + Credentials.excerpt(what, 300), e);
        }
    }

    @Override
    public synchronized void close() {
        if (ownsClients) clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
