package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;

import java.time.Instant;

/** Core v1 Events, as the scheduler, the kubelet and the node controller record them. */
final class ClusterEvents {

    private ClusterEvents() {}

    static Event pod(String namespace, String pod, String type, String reason, String message, String component,
                     Instant first, Instant last, int count) {
        return event(namespace, "Pod", "v1", namespace, pod, type, reason, message, component, first, last, count);
    }

    static Event service(String namespace, String service, String type, String reason, String message, String component,
                         Instant first, Instant last, int count) {
        return event(namespace, "Service", "v1", namespace, service, type, reason, message, component, first, last, count);
    }

    static Event node(String node, String type, String reason, String message, String component, Instant at) {
        return event("default", "Node", "v1", null, node, type, reason, message, component, at, at, 1);
    }

    static Event event(String namespace, String kind, String apiVersion, String objectNamespace, String name,
                       String type, String reason, String message, String component, Instant first, Instant last,
                       int count) {
        String id = String.format("%08x%08x", (name + reason).hashCode(), first.hashCode());
        return new EventBuilder()
                .withNewMetadata().withName(name + "." + id.substring(0, 16)).withNamespace(namespace)
                .withCreationTimestamp(first.toString()).endMetadata()
                .withNewInvolvedObject().withKind(kind).withApiVersion(apiVersion).withNamespace(objectNamespace)
                .withName(name).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component).withReportingInstance("")
                .withFirstTimestamp(first.toString()).withLastTimestamp(last.toString()).withCount(count)
                .build();
    }
}
