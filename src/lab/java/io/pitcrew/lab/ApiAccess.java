package io.pitcrew.lab;

/**
 * One request as a lab that enforces RBAC decided it: who, which verb on what, and whether it was allowed.
 *
 * @param user      the authenticated user ({@code system:serviceaccount:NS:NAME} for a ServiceAccount's token)
 * @param resource  the resource with its subresource ({@code pods/log}); empty for a path that is not a resource
 * @param namespace empty at the cluster scope
 * @param path      the request's path, without its query
 */
public record ApiAccess(String user, String verb, String group, String resource, String namespace, String name,
                        String path, boolean allowed) {

    /** A resource request: true; discovery, {@code /version} and other paths: false. */
    public boolean resourceRequest() {
        return !resource.isEmpty();
    }
}
