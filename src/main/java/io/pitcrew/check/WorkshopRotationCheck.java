package io.pitcrew.check;

import io.pitcrew.config.Workshop;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Runbook §1/§3 before the fact: a workshop runs, or starts within {@code workshopLead}, and the key rotator's next
 * rotation ("every 4-5 hours, forces workspace restarts"), predicted from its log ({@link RotationForecast}), falls
 * inside it. A rotator with nothing in its log to predict from raises nothing: doctor speaks from evidence.
 */
public final class WorkshopRotationCheck implements Check {

    public static final String DUE = "key-rotation-due";

    private static final CheckHeader HEADER = new CheckHeader("workshop-rotation", List.of(DUE),
            EnumSet.of(Input.LOGS, Input.DEPLOYMENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        Optional<Workshop> workshop = context.workshop();
        if (workshop.isEmpty()) return List.of();
        Workshop w = workshop.get();
        Optional<RotationForecast> forecast = RotationForecast.of(region, context.names());
        if (forecast.isEmpty()) return List.of();
        Instant from = w.start().isAfter(context.now()) ? w.start() : context.now();
        Optional<RotationForecast.Due> due = forecast.get().dueWithin(from, w.end());
        if (due.isEmpty()) return List.of();
        String r = region.region().name();
        return List.of(new Signal(DUE, r, 1, "the key rotator's next rotation is due " + due.get().describe() + ", inside workshop "
                + w.name() + " (until " + WorkshopWindow.at(w.end()) + ")", List.of(
                new Evidence(r, "Deployment", context.names().litellmNamespace(), context.names().keyRotatorDeployment(),
                        "next rotation due " + due.get().describe() + " (" + forecast.get().how() + "); it restarts every workspace"),
                WorkshopWindow.evidence(r, w))));
    }
}
