package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.config.Names;
import io.pitcrew.config.Workshop;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's "re-enable after the workshop completes", for everything raised for one: in the day after the last
 * workshop of {@code workshops:} ended (and before the next is near), provisioners above their baseline, LiteLLM above
 * {@code litellmBaseline}, the key rotator still at 0 replicas. Each is a reminder to scale back or resume.
 */
public final class WorkshopAftermathCheck implements Check {

    public static final String PROVISIONERS = "workshop-over-provisioners-raised";
    public static final String LITELLM = "workshop-over-litellm-raised";
    public static final String ROTATOR = "workshop-over-rotator-paused";
    /** How long after a workshop its raised capacity is reminded of: a day, after which it is the platform's new normal. */
    public static final Duration AFTERMATH = Duration.ofDays(1);

    private static final CheckHeader HEADER = new CheckHeader("workshop-aftermath", List.of(PROVISIONERS, LITELLM, ROTATOR),
            EnumSet.of(Input.DEPLOYMENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        Optional<Workshop> over = context.workshopOver().filter(w -> context.now().isBefore(w.end().plus(AFTERMATH)));
        if (over.isEmpty()) return List.of();
        Workshop w = over.get();
        String r = region.region().name();
        Names names = context.names();
        String ended = "workshop " + w.name() + " ended at " + WorkshopWindow.at(w.end());
        List<Signal> out = new ArrayList<>();

        List<Evidence> raised = new ArrayList<>();
        for (Names.Provisioner p : names.provisioners()) {
            Sizing.deployment(region, names.coderNamespace(), p.deployment()).filter(d -> Sizing.desired(d) > p.baseline()).ifPresent(d ->
                    raised.add(new Evidence(r, "Deployment", names.coderNamespace(), p.deployment(), Sizing.desired(d) + " replicas, baseline "
                            + p.baseline() + "; " + ended)));
        }
        if (!raised.isEmpty()) {
            out.add(new Signal(PROVISIONERS, r, raised.size(), EvidenceTally.count(raised.size(), "provisioner deployment")
                    + " still above baseline after " + ended, raised));
        }
        Sizing.deployment(region, names.litellmNamespace(), names.litellmDeployment())
                .filter(d -> Sizing.desired(d) > context.thresholds().litellmBaseline()).ifPresent(d ->
                        out.add(new Signal(LITELLM, r, 1, "LiteLLM still at " + Sizing.desired(d) + " replicas after " + ended,
                                List.of(new Evidence(r, "Deployment", names.litellmNamespace(), names.litellmDeployment(), Sizing.desired(d)
                                        + " replicas, baseline " + context.thresholds().litellmBaseline() + "; " + ended)))));
        Sizing.deployment(region, names.litellmNamespace(), names.keyRotatorDeployment()).filter(d -> Sizing.desired(d) == 0).ifPresent(d ->
                out.add(new Signal(ROTATOR, r, 1, "the key rotator is still paused after " + ended,
                        List.of(new Evidence(r, "Deployment", names.litellmNamespace(), names.keyRotatorDeployment(), "0 replicas"
                                + resumeAt(d) + "; " + ended)))));
        return out;
    }

    private static String resumeAt(Deployment d) {
        var a = d.getMetadata().getAnnotations();
        String at = a == null ? null : a.get(KeyRotationPauseCheck.RESUME_AT);
        return at == null ? " (paused by hand)" : " (resume due " + at + ")";
    }
}
