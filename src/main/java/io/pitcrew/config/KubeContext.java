package io.pitcrew.config;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;

import java.util.List;
import java.util.Optional;

/**
 * One context of a merged kubeconfig with the cluster and the user it names, each as the merge chose them (the
 * first file to define the name): everything a client for this context needs, and nothing of the other contexts.
 *
 * @param cluster null when the kubeconfig has no cluster of the context's name
 * @param user    null when the context names no user or the kubeconfig has none of that name (anonymous)
 */
record KubeContext(NamedContext context, NamedCluster cluster, NamedAuthInfo user) {

    /** The user's credentials, when it has any. */
    Optional<AuthInfo> auth() {
        return Optional.ofNullable(user).map(NamedAuthInfo::getUser);
    }

    /** A kubeconfig of this context alone, as its current context (JSON, which is YAML too). */
    String kubeconfig() {
        Config one = new Config();
        one.setApiVersion("v1");
        one.setKind("Config");
        one.setContexts(List.of(context));
        one.setCurrentContext(context.getName());
        one.setClusters(cluster == null ? List.of() : List.of(cluster));
        one.setUsers(user == null ? List.of() : List.of(user));
        return KubeconfigFile.SERIALIZATION.asJson(one);
    }
}
