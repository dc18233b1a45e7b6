package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EndpointSlices the endpoint-slice controller keeps for each Service: the IPs of the pods its selector picks,
 * ready or not, and its ports resolved against their containers. Made from the store when asked, so they follow
 * the pods as a scenario or a fix changes them; {@code kubectl describe svc} reads its Endpoints line from them.
 */
final class EndpointSlices {

    static final String SERVICE_NAME = "kubernetes.io/service-name";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EndpointSlices() {}

    /**
     * The slices of {@code namespace} (every namespace when null) as an EndpointSliceList, only the named
     * Service's when the label selector asks for {@code kubernetes.io/service-name=NAME}.
     */
    static String list(RegionStore store, String namespace, String labelSelector) {
        return list(store, namespace, labelSelector, null);
    }

    /** One slice by name, or null. */
    static String get(RegionStore store, String namespace, String name) {
        for (JsonNode slice : JSON.readTree(list(store, namespace, null, name)).path("items")) return slice.toString();
        return null;
    }

    private static String list(RegionStore store, String namespace, String labelSelector, String sliceName) {
        String service = null;
        for (String term : labelSelector == null ? new String[0] : labelSelector.split(",")) {
            if (term.startsWith(SERVICE_NAME + "=")) service = term.substring(term.indexOf('=') + 1).replaceFirst("^=", "");
        }
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "discovery.k8s.io/v1");
        list.put("kind", "EndpointSliceList");
        list.putObject("metadata").put("resourceVersion", "");
        ArrayNode items = list.putArray("items");
        String services = namespace == null ? "/api/v1/services"
                : ApiResource.byPlural("v1", "services").orElseThrow().collectionPath(namespace);
        for (JsonNode svc : items(store, services)) {
            if (service != null && !service.equals(svc.path("metadata").path("name").asString(""))) continue;
            slice(store, svc).filter(sl -> sliceName == null || sliceName.equals(sl.path("metadata").path("name").asString("")))
                    .ifPresent(items::add);
        }
        return list.toString();
    }

    private static Optional<ObjectNode> slice(RegionStore store, JsonNode service) {
        JsonNode selector = service.path("spec").path("selector");
        if (!selector.isObject() || selector.isEmpty()) return Optional.empty(); // no selector: no managed slice
        String namespace = service.path("metadata").path("namespace").asString("");
        String name = service.path("metadata").path("name").asString("");
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode pod : items(store, ApiResource.byPlural("v1", "pods").orElseThrow().collectionPath(namespace))) {
            boolean selected = true;
            for (Map.Entry<String, JsonNode> e : selector.properties()) {
                if (!e.getValue().asString("").equals(pod.path("metadata").path("labels").path(e.getKey()).asString(null))) selected = false;
            }
            boolean terminal = List.of("Succeeded", "Failed").contains(pod.path("status").path("phase").asString(""));
            if (selected && !terminal && !pod.path("status").path("podIP").asString("").isEmpty()) pods.add(pod);
        }
        ObjectNode slice = JSON.createObjectNode();
        slice.put("apiVersion", "discovery.k8s.io/v1");
        slice.put("kind", "EndpointSlice");
        ObjectNode meta = slice.putObject("metadata");
        meta.put("name", name + "-" + Integer.toHexString(Math.floorMod((namespace + "/" + name).hashCode(), 0xfffff)));
        meta.put("namespace", namespace);
        meta.put("creationTimestamp", service.path("metadata").path("creationTimestamp").asString(""));
        meta.putObject("labels").put(SERVICE_NAME, name).put("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Service").put("name", name)
                .put("uid", service.path("metadata").path("uid").asString("")).put("controller", true).put("blockOwnerDeletion", true);
        slice.put("addressType", "IPv4");
        ArrayNode endpoints = slice.putArray("endpoints");
        for (JsonNode pod : pods) {
            boolean ready = conditionTrue(pod, "Ready");
            boolean terminating = pod.path("metadata").has("deletionTimestamp");
            ObjectNode e = endpoints.addObject();
            e.putArray("addresses").add(pod.path("status").path("podIP").asString());
            e.putObject("conditions").put("ready", ready && !terminating).put("serving", ready).put("terminating", terminating);
            if (pod.path("spec").has("nodeName")) e.put("nodeName", pod.path("spec").path("nodeName").asString());
            e.putObject("targetRef").put("kind", "Pod").put("namespace", namespace)
                    .put("name", pod.path("metadata").path("name").asString("")).put("uid", pod.path("metadata").path("uid").asString(""));
        }
        ArrayNode ports = slice.putArray("ports");
        for (JsonNode port : service.path("spec").path("ports")) {
            Integer target = target(port.path("targetPort"), port.path("port").asInt(), pods);
            if (target == null) continue; // a named port no selected pod has: the controller leaves it out
            ObjectNode p = ports.addObject();
            if (port.has("name")) p.put("name", port.path("name").asString());
            p.put("port", target);
            p.put("protocol", port.path("protocol").asString("TCP"));
        }
        return Optional.of(slice);
    }

    /** A Service port's targetPort as a number: itself, the port when unset, or the named container port. */
    private static Integer target(JsonNode targetPort, int port, List<JsonNode> pods) {
        if (targetPort.isMissingNode() || targetPort.isNull()) return port;
        if (targetPort.isNumber()) return targetPort.asInt();
        for (JsonNode pod : pods) {
            for (JsonNode c : pod.path("spec").path("containers")) {
                for (JsonNode p : c.path("ports")) {
                    if (targetPort.asString("").equals(p.path("name").asString(null))) return p.path("containerPort").asInt();
                }
            }
        }
        return null;
    }

    private static boolean conditionTrue(JsonNode pod, String type) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) return c.path("status").asString("").equals("True");
        }
        return false;
    }

    private static Iterable<JsonNode> items(RegionStore store, String collectionPath) {
        var response = store.crud().handleGet(collectionPath);
        if (response.code() != 200) return List.of();
        return JSON.readTree(response.getBody().readUtf8()).path("items");
    }
}
