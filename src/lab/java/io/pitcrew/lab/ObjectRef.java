package io.pitcrew.lab;

/** Names one object of a region's API server; namespace is null for cluster-scoped kinds. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    public static ObjectRef pod(String namespace, String name) {
        return new ObjectRef("v1", "Pod", namespace, name);
    }
}
