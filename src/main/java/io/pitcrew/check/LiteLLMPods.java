package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.config.LabelSelector;
import io.pitcrew.config.Names;
import io.pitcrew.observe.RegionSnapshot;

import java.util.List;

/** The LiteLLM proxy's pods (names.litellmSelector in names.litellmNamespace): what the LiteLLM checks judge. */
final class LiteLLMPods {

    private LiteLLMPods() {}

    static List<Pod> of(RegionSnapshot region, CheckContext context) {
        return of(region, context.names());
    }

    static List<Pod> of(RegionSnapshot region, Names names) {
        LabelSelector selector = LabelSelector.parse(names.litellmSelector());
        return region.pods().stream()
                .filter(p -> names.litellmNamespace().equals(p.getMetadata().getNamespace()))
                .filter(p -> selector.matches(p.getMetadata().getLabels())).toList();
    }

    /** Whether LiteLLM runs in this region at all: its pods, or its deployment (scaled to zero is still "runs here"). */
    static boolean runsIn(RegionSnapshot region, CheckContext context) {
        return !of(region, context).isEmpty() || region.deployments().stream().anyMatch(d ->
                context.names().litellmNamespace().equals(d.getMetadata().getNamespace())
                        && context.names().litellmDeployment().equals(d.getMetadata().getName()));
    }
}
