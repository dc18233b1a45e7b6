package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The objects of one region's API server (its etcd, in effect). Objects go straight into the CRUD
 * dispatcher's map: a POST per object scans the whole map for duplicates, which makes a 10,000-pod region
 * take many seconds to seed.
 */
final class RegionStore {

    private static final List<CustomResourceDefinitionContext> KARPENTER = List.of(
            karpenter("karpenter.sh", "nodepools", "NodePool"), karpenter("karpenter.sh", "nodeclaims", "NodeClaim"),
            karpenter("karpenter.k8s.aws", "ec2nodeclasses", "EC2NodeClass"));

    /** The same JSON as the client's serializer writes, without its per-property indirection: most of a large seed. */
    private static final ObjectMapper SEED_JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(v -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
            .build();

    private static final String RBAC_GROUP = "rbac.authorization.k8s.io/";

    private final AtomicLong resourceVersion = new AtomicLong(1000);
    private volatile KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(KARPENTER);

    KubernetesCrudDispatcher crud() {
        return crud;
    }

    /** Forget every object: what a reset starts from. */
    void clear() {
        crud = new KubernetesCrudDispatcher(KARPENTER);
    }

    /**
     * Adds an object known to be new (the healthy base) straight into the store's map: no duplicate scan, and no
     * re-parse of the JSON to find its attributes (processEvent would), which is most of a 10,000-pod seed.
     * No watch can be open while the base is seeded, so no event is owed.
     */
    void seed(HasMetadata object) {
        String path = path(object);
        complete(object);
        AttributeSet attributes = ((KubernetesAttributesExtractor) crud.getAttributeExtractor()).extract(object);
        if (!attributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
            attributes = AttributeSet.merge(key(path, object), attributes);
        }
        crud.getMap().put(attributes, SEED_JSON.writeValueAsString(object));
    }

    /** Creates or replaces an object, as a scenario overlay does. */
    void put(HasMetadata object) {
        String path = path(object);
        AttributeSet key = key(path, object);
        Map.Entry<AttributeSet, String> existing = crud.findResource(key);
        if (existing != null) keepIdentity(object, existing.getValue());
        complete(object);
        event(path, key, existing == null ? null : existing.getKey(), SEED_JSON.writeValueAsString(object));
    }

    /**
     * Makes {@code objects} the whole content of the store, roles and bindings aside, as a series of watch events (DELETED for what is not among
     * them, ADDED or MODIFIED for the rest), so an open watch ends up where a fresh list would. One pass over the
     * map finds the existing objects by identity; a scan per object would make a 10,000-pod reset quadratic.
     */
    void replaceAll(List<HasMetadata> objects) {
        Map<String, Map.Entry<AttributeSet, String>> existing = new HashMap<>();
        for (Map.Entry<AttributeSet, String> e : List.copyOf(crud.getMap().entrySet())) {
            var meta = SEED_JSON.readTree(e.getValue());
            // roles and bindings are the cluster's access control, not the platform a scenario sets: they stay
            if (meta.path("apiVersion").asString("").startsWith(RBAC_GROUP)) continue;
            existing.put(identity(meta.path("apiVersion").asString(""), meta.path("kind").asString(""),
                    meta.path("metadata").path("namespace").asString(""), meta.path("metadata").path("name").asString("")), e);
        }
        for (HasMetadata object : objects) {
            String path = path(object);
            AttributeSet key = key(path, object);
            Map.Entry<AttributeSet, String> old = existing.remove(identity(object.getApiVersion(), object.getKind(),
                    object.getMetadata().getNamespace() == null ? "" : object.getMetadata().getNamespace(), object.getMetadata().getName()));
            if (old != null) keepIdentity(object, old.getValue());
            complete(object);
            event(path, key, old == null ? null : old.getKey(), SEED_JSON.writeValueAsString(object));
        }
        for (Map.Entry<AttributeSet, String> gone : existing.values()) {
            var node = SEED_JSON.readTree(gone.getValue());
            ApiResource.byKind(node.path("apiVersion").asString(""), node.path("kind").asString("")).ifPresent(resource -> {
                String path = resource.collectionPath(node.path("metadata").path("namespace").asString(null));
                event(path, crud.getKey(path).add(new Attribute("name", node.path("metadata").path("name").asString(""))),
                        gone.getKey(), null);
            });
        }
    }

    private static String identity(String apiVersion, String kind, String namespace, String name) {
        return apiVersion + "|" + kind + "|" + namespace + "|" + name;
    }

    void delete(ObjectRef ref) {
        ApiResource resource = ApiResource.byKind(ref.apiVersion(), ref.kind())
                .orElseThrow(() -> new IllegalArgumentException("the lab does not serve " + ref.kind()));
        String path = resource.collectionPath(ref.namespace());
        AttributeSet key = crud.getKey(path).add(new Attribute("name", ref.name()));
        Map.Entry<AttributeSet, String> existing = crud.findResource(key);
        if (existing != null) event(path, key, existing.getKey(), null);
    }

    /**
     * Stores {@code json} at {@code key} (or deletes it: null) and tells every open watch. Fabric8's mock shuts a closed
     * watch's sender before it unlists the watch, and an event in between throws RejectedExecutionException at the
     * writer (met when a serve replica was killed while the lab changed); the event is made again once that watch is
     * gone, from what the store holds then, so every open watch gets it.
     */
    private void event(String path, AttributeSet key, AttributeSet oldKey, String json) {
        try {
            crud.processEvent(path, key, oldKey, null, json);
        } catch (RejectedExecutionException closing) {
            for (int attempt = 1; ; attempt++) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                Map.Entry<AttributeSet, String> now = crud.findResource(key);
                if (json == null && now == null) return;
                try {
                    crud.processEvent(path, key, now == null ? null : now.getKey(), null, json);
                    return;
                } catch (RejectedExecutionException again) {
                    if (attempt == 40) throw again;
                }
            }
        }
    }

    /** Names of the Running pods in {@code namespace} matching an equality label {@code selector}. */
    Set<String> runningPods(String namespace, String selector) {
        String path = ApiResource.byPlural("v1", "pods").orElseThrow().collectionPath(namespace) + "?labelSelector="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8);
        var list = JsonMapper.builder().build().readTree(crud.handleGet(path).getBody().readUtf8());
        Set<String> names = new LinkedHashSet<>();
        list.path("items").forEach(item -> {
            if ("Running".equals(item.path("status").path("phase").asString(""))) names.add(item.path("metadata").path("name").asString(""));
        });
        return names;
    }

    /** A stored object's JSON, or null. */
    String get(String collectionPath, String name) {
        Map.Entry<AttributeSet, String> existing =
                crud.findResource(crud.getKey(collectionPath).add(new Attribute("name", name)));
        return existing == null ? null : existing.getValue();
    }

    private AttributeSet key(String path, HasMetadata object) {
        return crud.getKey(path).add(new Attribute("name", object.getMetadata().getName()));
    }

    /**
     * An update keeps what only a create sets: the object's uid and creation time stay those of the object it
     * replaces (a scenario that edits the coder Service leaves its AGE alone), unless the lab chose others.
     */
    private static void keepIdentity(HasMetadata object, String existingJson) {
        var existing = SEED_JSON.readTree(existingJson).path("metadata");
        var meta = object.getMetadata();
        if (meta.getUid() == null && existing.hasNonNull("uid")) meta.setUid(existing.path("uid").asString());
        if (meta.getCreationTimestamp() == null && existing.hasNonNull("creationTimestamp")) {
            meta.setCreationTimestamp(existing.path("creationTimestamp").asString());
        }
    }

    /** What the API server would have filled in. creationTimestamp is kept when the lab chose one. */
    private void complete(HasMetadata object) {
        var meta = object.getMetadata();
        if (meta.getUid() == null) meta.setUid(UUID.randomUUID().toString());
        if (meta.getCreationTimestamp() == null) meta.setCreationTimestamp(Instant.now().toString());
        meta.setResourceVersion(Long.toString(resourceVersion.incrementAndGet()));
        if (meta.getGeneration() == null && !(object instanceof Pod)) {
            meta.setGeneration(1L);
        }
        if (object instanceof Service service) ServiceDefaults.apply(service);
    }

    private static String path(HasMetadata object) {
        ApiResource resource = ApiResource.byKind(object.getApiVersion(), object.getKind())
                .orElseThrow(() -> new IllegalArgumentException(
                        "the lab does not serve " + object.getApiVersion() + " " + object.getKind()));
        return resource.collectionPath(object.getMetadata().getNamespace());
    }

    private static CustomResourceDefinitionContext karpenter(String group, String plural, String kind) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group).withVersion("v1").withPlural(plural).withKind(kind)
                .withScope("Cluster").withStatusSubresource(false).build();
    }
}
