package io.pitcrew.lab;

import io.pitcrew.config.Workshop;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A workshop in the lab's pitcrew.yaml ({@code workshops:}) and the predictable trouble that goes with it: before and
 * during it a risk (a rotation due inside it, a credential expiring before its end), after it a reminder (capacity
 * still raised). The healthy base's key rotator rotated about three hours ago and announced its next rotation for
 * about 80 minutes after the lab started, then every 4h30m.
 */
final class WindowScenarios {

    static final String NAME = "lab-workshop";

    private WindowScenarios() {}

    /** A workshop of 12 starts in 30 minutes and runs four hours: the rotator's next rotation falls inside it. */
    static List<Change> rotationDue(Topology t, Instant now) {
        return List.of(workshop(now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofMinutes(270)), 12));
    }

    /**
     * A workshop of 12 from 90 minutes to 5h30 from now, between two rotations; the control plane's ECR pull secrets
     * were refreshed eight hours ago, so their 12-hour tokens expire four hours from now, in its middle.
     */
    static List<Change> pullSecretExpiring(Topology t, Instant now) {
        List<Change> out = new ArrayList<>(List.of(betweenRotations(now)));
        RegionPlan plan = t.region(Scenarios.CONTROL);
        for (String ns : plan.components().stream().filter(c -> Components.image(c).ref().startsWith(PullSecrets.ECR))
                .map(RegionPlan.ComponentPlan::namespace).distinct().toList()) {
            out.add(new Change.Put(Scenarios.CONTROL, PullSecrets.ecr(ns, now.minus(Duration.ofHours(8)))));
        }
        return out;
    }

    /** The same workshop; LiteLLM's Bedrock credentials were issued eight hours ago for twelve: they expire in its middle. */
    static List<Change> credentialsExpiring(Topology t, Instant now) {
        Instant issued = now.minus(Duration.ofHours(8));
        return List.of(betweenRotations(now),
                new Change.Put(Scenarios.CONTROL, LiteLLMScenarios.credentials(LiteLLMScenarios.AWS_SECRET, issued, issued.plus(Duration.ofHours(12)))));
    }

    /** A workshop of 40 ended an hour ago; the default provisioners are still at the 10 it was scaled to. */
    static List<Change> workshopOver(Topology t, Instant now) {
        RegionPlan.ComponentPlan p = t.region(Scenarios.CONTROL).component("coder-provisioner-default").orElseThrow();
        return List.of(workshop(now.minus(Duration.ofHours(5)), now.minus(Duration.ofHours(1)), 40),
                new Change.Put(Scenarios.CONTROL, Components.deployment(p, 10, 10, now)));
    }

    private static Change betweenRotations(Instant now) {
        return workshop(now.plus(Duration.ofMinutes(90)), now.plus(Duration.ofMinutes(330)), 12);
    }

    private static Change workshop(Instant start, Instant end, int participants) {
        return new Change.Workshop(Scenarios.CONTROL, new Workshop(NAME, start.truncatedTo(ChronoUnit.SECONDS),
                end.truncatedTo(ChronoUnit.SECONDS), participants));
    }
}
