package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Coder workspace pods, as the Kubernetes template of coder/coder creates them. */
final class Workspaces {

    static final String NAMESPACE = "coder-workspaces";
    static final Pods.Image IMAGE = new Pods.Image("codercom/enterprise-base:ubuntu",
            "sha256:7c9e1f4b2a8d6e3c5b7a9f1e2d4c6b8a0e3f5d7c9b1a3e5f7d9c2b4a6e8f0d1c");

    private Workspaces() {}

    static Map<String, String> labels(RegionPlan.WorkspacePlan w) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "coder-workspace");
        labels.put("app.kubernetes.io/instance", "coder-" + w.workspaceId());
        labels.put("app.kubernetes.io/part-of", "coder");
        labels.put("com.coder.resource", "true");
        labels.put("com.coder.workspace.id", w.workspaceId());
        labels.put("com.coder.workspace.name", w.workspaceName());
        labels.put("com.coder.user.id", w.userId());
        labels.put("com.coder.user.username", w.username());
        return labels;
    }

    /** A healthy running workspace. {@code homeSizeLimit} null is the unbounded emptyDir of a careless template. */
    static Pod running(RegionPlan.WorkspacePlan w, Instant started, String homeSizeLimit) {
        String owner = w.pod().substring(0, w.pod().lastIndexOf('-'));
        return Pods.running(NAMESPACE, w.pod(), labels(w), owner, w.node(), "dev", IMAGE,
                Pods.resources(Integer.toString(w.cpu()), w.memoryGi() + "Gi"), volumes(homeSizeLimit), started,
                "10.1." + Math.floorMod(w.pod().hashCode(), 250) + "." + Math.floorMod(w.workspaceId().hashCode(), 250));
    }

    static Pod running(RegionPlan.WorkspacePlan w, Instant started) {
        return running(w, started, "20Gi");
    }

    private static List<Volume> volumes(String homeSizeLimit) {
        return List.of(
                new VolumeBuilder().withName("home").withNewEmptyDir()
                        .withSizeLimit(homeSizeLimit == null ? null : new Quantity(homeSizeLimit)).endEmptyDir().build(),
                new VolumeBuilder().withName("kube-api-access").withNewProjected().withDefaultMode(420).endProjected().build());
    }
}
