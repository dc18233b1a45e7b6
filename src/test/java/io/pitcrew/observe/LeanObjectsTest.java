package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** doctor's sweep and serve's caches slim objects as they arrive: every field a check reads stays, only waste and write history go. */
class LeanObjectsTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"ws-1","namespace":"coder-workspaces","uid":"u-1",
              "labels":{"app":"coder-workspace","owner":"alice","z-last":"1"},
              "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"big\\":true}","keep":"me"},
              "managedFields":[{"manager":"kubectl","operation":"Apply","time":"2026-11-25T08:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]},
             "spec":{"nodeName":"node-1","serviceAccountName":"ws","containers":[{"name":"dev","image":"ghcr.io/coder/ws:1.2",
                "resources":{"limits":{"ephemeral-storage":"10Gi","memory":"4Gi"},"requests":{"cpu":"500m"}}}],
              "volumes":[{"name":"home","emptyDir":{"sizeLimit":"10Gi"}}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
              "containerStatuses":[{"name":"dev","restartCount":3,"ready":true,"image":"ghcr.io/coder/ws:1.2",
                "lastState":{"terminated":{"reason":"Evicted","exitCode":137}}}]}}
            """;

    @Test
    void everyFieldAChecksReadsStaysAndOnlyTheWriteHistoryGoes() {
        Pod original = JSON.unmarshal(POD, Pod.class);
        Pod lean = LeanObjects.slim(JSON.unmarshal(POD, Pod.class));

        assertThat(lean.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(lean.getMetadata().getAnnotations()).containsExactly(Map.entry("keep", "me"));
        // apart from those two, the same object: equal, field for field, and as JSON
        original.getMetadata().setManagedFields(null);
        original.getMetadata().getAnnotations().remove(LeanObjects.LAST_APPLIED);
        assertThat(lean).isEqualTo(original);
        assertThat(JSON.asJson(lean)).isEqualTo(JSON.asJson(original));
        assertThat(lean.getMetadata().getLabels().keySet()).containsExactly("app", "owner", "z-last");
        assertThat(lean.getSpec().getContainers().getFirst().getResources().getLimits().get("ephemeral-storage").toString()).isEqualTo("10Gi");
        assertThat(lean.getStatus().getContainerStatuses().getFirst().getLastState().getTerminated().getReason()).isEqualTo("Evicted");
    }

    @Test
    void repeatedValuesAreHeldOnceAndEmptyCollectionsAreShared() {
        Pod a = LeanObjects.slim(JSON.unmarshal(POD, Pod.class));
        Pod b = LeanObjects.slim(JSON.unmarshal(POD, Pod.class));
        assertThat(a.getSpec().getContainers().getFirst().getImage()).isSameAs(b.getSpec().getContainers().getFirst().getImage());
        assertThat(a.getMetadata().getLabels().keySet().iterator().next()).isSameAs(b.getMetadata().getLabels().keySet().iterator().next());
        assertThat(a.getSpec().getAdditionalProperties()).isEmpty();
        assertThat(a.getSpec().getAdditionalProperties()).isSameAs(b.getStatus().getAdditionalProperties());
        assertThat(a.getSpec().getTolerations()).isSameAs(b.getSpec().getInitContainers()).isEmpty();
        // a label map is a small map of its own, unchangeable; a copy of the object has a map that can be changed
        assertThat(a.getMetadata().getLabels()).isNotSameAs(b.getMetadata().getLabels()).isInstanceOf(LeanMap.class);
        assertThatThrownBy(() -> a.getMetadata().getLabels().put("owner", "bob")).isInstanceOf(UnsupportedOperationException.class);
        Pod copy = new PodBuilder(a).editMetadata().addToLabels("owner", "bob").endMetadata().build();
        assertThat(copy.getMetadata().getLabels()).containsEntry("owner", "bob");
        assertThat(a.getMetadata().getLabels()).containsEntry("owner", "alice");
    }

    @Test
    void aBigMapStaysAHashMapWithItsKeysHeldOnce() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= LeanObjects.SMALL; i++) many.put("key-" + i, "v");
        Pod a = LeanObjects.slim(withAnnotations(many));
        Pod b = LeanObjects.slim(withAnnotations(many));
        assertThat(a.getMetadata().getAnnotations()).isInstanceOf(LinkedHashMap.class).isEqualTo(many)
                .containsKeys("key-0", "key-" + LeanObjects.SMALL);
        assertThat(a.getMetadata().getAnnotations().keySet().iterator().next())
                .isSameAs(b.getMetadata().getAnnotations().keySet().iterator().next());
    }

    /** The pod, with a copy of each of {@code annotations}' keys and values. */
    private static Pod withAnnotations(Map<String, String> annotations) {
        Pod pod = JSON.unmarshal(POD, Pod.class);
        Map<String, String> copies = new LinkedHashMap<>();
        annotations.forEach((k, v) -> copies.put(new String(k), new String(v)));
        pod.getMetadata().setAnnotations(copies);
        return pod;
    }
}
