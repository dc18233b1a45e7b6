package io.pitcrew.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The cluster pitcrew runs in, reached as every pod reaches its own API server: {@code KUBERNETES_SERVICE_HOST} and
 * {@code _PORT}, the service account's CA and token mounted at {@link #SERVICE_ACCOUNT}. The token is a bound one
 * that the kubelet rotates in the file (hourly by default), so it is read again as {@link RefreshingToken} reads a
 * kubeconfig's {@code tokenFile}; Fabric8's own in-cluster configuration is not used because it prefers a kubeconfig
 * file when one exists, and a region that says {@code inCluster: true} means this cluster and no other.
 */
public final class InCluster {

    /** Where Kubernetes mounts a pod's service account. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private InCluster() {}

    /** Why this process cannot reach its own cluster: not in a pod, or no service account mounted. */
    public static final class NotInCluster extends RuntimeException {
        NotInCluster(String message) {
            super(message, null, false, false);
        }
    }

    /** The configuration for this pod's cluster, from {@code env} and the service account mounted at {@code dir}. */
    public static Config clientConfig(Map<String, String> env, Path dir) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        if (host == null || host.isBlank()) {
            throw new NotInCluster("inCluster: KUBERNETES_SERVICE_HOST is not set, so this is not a pod; fix: run pitcrew in the "
                    + "cluster (deploy/helm/pitcrew), or give the region a context: of the kubeconfig instead of inCluster: true");
        }
        Path token = dir.resolve("token");
        if (!Files.isReadable(token)) {
            throw new NotInCluster("inCluster: no service account token at " + token + "; fix: mount the service account "
                    + "(automountServiceAccountToken: true, as the chart sets it)");
        }
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        String server = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(server);
        Path ca = dir.resolve("ca.crt");
        if (Files.isReadable(ca)) builder.withCaCertFile(ca.toString());
        Path namespace = dir.resolve("namespace");
        if (Files.isReadable(namespace)) builder.withNamespace(read(namespace));
        Config config = builder.build();
        config.setOauthTokenProvider(new RefreshingToken(null, () -> read(token), Clock.systemUTC()));
        return config;
    }

    private static String read(Path file) {
        try {
            return Files.size(file) <= 64 * 1024 ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            return null; // the kubelet is rotating it; the last token is kept and the API server says the rest
        }
    }
}
