package io.pitcrew.lab;

import java.util.Map;

/**
 * What kube-apiserver's authorizers are asked about a request (its {@code RequestInfo}): a resource request — verb,
 * API group, resource and subresource, namespace, name — or a request for a path that is not a resource (discovery,
 * {@code /version}). Made from the URL as the API server makes it.
 *
 * @param namespace empty for cluster-scoped resources and non-resource paths
 * @param name      empty for collections; a list or watch by {@code metadata.name} field selector names the object
 */
record RequestAttributes(String verb, boolean resourceRequest, String group, String resource, String subresource,
                         String namespace, String name, String path) {

    static RequestAttributes of(String method, String path, Map<String, String> query) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        String verb = method.toLowerCase();
        int at;
        String group;
        // /api, /api/v1, /apis, /apis/GROUP, /apis/GROUP/VERSION are discovery: paths, not resources
        if (parts[0].equals("api") && parts.length > 2) {
            group = "";
            at = 2;
        } else if (parts[0].equals("apis") && parts.length > 3) {
            group = parts[1];
            at = 3;
        } else {
            return new RequestAttributes(verb, false, "", "", "", "", "", path);
        }
        boolean watch = "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
        if (parts[at].equals("watch")) { // the deprecated /watch/ prefix
            watch = true;
            at++;
        }
        String namespace = "";
        if (parts[at].equals("namespaces") && parts.length > at + 1) {
            namespace = parts[at + 1];
            // /api/v1/namespaces/NAME is the namespace itself; deeper paths are objects in it
            if (parts.length > at + 2) at += 2;
        }
        String resource = parts[at];
        String name = parts.length > at + 1 ? parts[at + 1] : "";
        String subresource = parts.length > at + 2 ? parts[at + 2] : "";
        boolean collection = name.isEmpty();
        verb = switch (method) {
            case "GET", "HEAD" -> watch ? "watch" : collection ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> collection ? "deletecollection" : "delete";
            default -> verb;
        };
        if (collection && (verb.equals("list") || verb.equals("watch"))) {
            // kube-apiserver authorizes a list of one name (fieldSelector metadata.name=X) as that object's
            String selector = query.getOrDefault("fieldSelector", "");
            for (String term : selector.split(",")) {
                if (term.startsWith("metadata.name=") && !term.startsWith("metadata.name==")) name = term.substring("metadata.name=".length());
                else if (term.startsWith("metadata.name==")) name = term.substring("metadata.name==".length());
            }
        }
        return new RequestAttributes(verb, true, group, resource, subresource, namespace, name, path);
    }

    /** {@code pods} or {@code pods/log}: how rules and refusals name the resource. */
    String resourceWithSubresource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }
}
