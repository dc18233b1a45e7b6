package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.config.LabelSelector;
import io.pitcrew.config.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runbook §1: "If a specific workspace is problematic, delete it" ({@code kubectl delete pod}). Only a workspace
 * pod (labels matching {@code names.workspaceSelector}) can be deleted this way: a typo must not take down coderd.
 * A pod that is already gone is in effect. Coder re-creates the workspace on its next start.
 */
final class DeleteWorkspacePod implements Action {

    @Override
    public String id() { return "delete-workspace-pod"; }

    @Override
    public String summary() { return "Delete one problematic workspace pod"; }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("pod", "NAME", "the workspace pod (required)"),
                new Parameter("region", "REGION", "its region (default: searched in every region)"),
                new Parameter("namespace", "NS", "its namespace (default: any)"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        String name = p.text("pod").orElseThrow(() -> new IllegalArgumentException(
                "delete-workspace-pod needs --pod NAME (doctor's evidence names the pods)"));
        List<Region> regions = p.text("region").map(r -> List.of(platform.region(r))).orElse(platform.config().regions());
        LabelSelector workspaces = LabelSelector.parse(platform.config().names().workspaceSelector());
        List<Found> found = new ArrayList<>();
        for (Region r : regions) {
            String ns = p.text("namespace").orElse(null);
            List<Pod> pods = platform.call(r, "list", "pods", ns == null ? "(all)" : ns, () -> (ns == null
                    ? platform.client(r).pods().inAnyNamespace() : platform.client(r).pods().inNamespace(ns))
                    .withField("metadata.name", name).list().getItems());
            pods.stream().filter(pod -> pod.getMetadata().getName().equals(name)).forEach(pod -> found.add(new Found(r, pod)));
        }
        String where = "pod " + p.text("namespace").map(ns -> ns + "/").orElse("") + name;
        if (found.isEmpty()) {
            Change gone = new Change(p.text("region").orElse("(any)"), where, "pod", "(not found)", "(not found)");
            return Plan.alreadyInEffect(id(), p, List.of(gone));
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("more than one pod is named " + name + ": " + String.join(", ", found.stream()
                    .map(f -> f.region().name() + " " + f.pod().getMetadata().getNamespace()).toList()) + "; give --region and --namespace");
        }
        Found f = found.getFirst();
        Pod pod = f.pod();
        String state = pod.getStatus() == null ? "exists" : "exists (" + pod.getStatus().getPhase() + ", "
                + restarts(pod) + " restarts)";
        Change change = new Change(f.region().name(), Edit.describe(pod), "pod", state, "deleted");
        var labels = pod.getMetadata().getLabels();
        if (!workspaces.matches(labels == null ? Map.of() : labels)) {
            return Plan.refused(id(), p, List.of(change), "pod " + pod.getMetadata().getNamespace() + "/" + name
                    + " is not a workspace pod (its labels do not match names.workspaceSelector " + workspaces
                    + "); pitcrew deletes only workspace pods");
        }
        return Plan.toApply(id(), p, List.of(change), List.of(new Edit.Delete(f.region().name(), pod)));
    }

    private static int restarts(Pod pod) {
        return pod.getStatus().getContainerStatuses() == null ? 0 : pod.getStatus().getContainerStatuses().stream()
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }

    private record Found(Region region, Pod pod) {}
}
