package io.pitcrew.lab;

import java.util.List;

/** Who a bearer token authenticates as: a user name and its groups, as kube-apiserver's authenticators say them. */
record Identity(String user, List<String> groups) {

    static final String AUTHENTICATED = "system:authenticated";
    static final String UNAUTHENTICATED = "system:unauthenticated";
    static final String MASTERS = "system:masters";

    /** What a request without credentials is, where anonymous requests are allowed (they are, by default). */
    static final Identity ANONYMOUS = new Identity("system:anonymous", List.of(UNAUTHENTICATED));

    /** A cluster administrator: what the lab's own kubeconfig holds. */
    static Identity admin() {
        return new Identity("kubernetes-admin", List.of(MASTERS, AUTHENTICATED));
    }

    /** A ServiceAccount, as its token authenticates it. */
    static Identity serviceAccount(String namespace, String name) {
        return new Identity("system:serviceaccount:" + namespace + ":" + name,
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, AUTHENTICATED));
    }
}
