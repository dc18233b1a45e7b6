package io.pitcrew.preflight;

import io.pitcrew.check.RotationForecast;
import io.pitcrew.config.Workshop;
import io.pitcrew.runbook.Finding;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runbook §1/§3 before the fact: the key rotator "occurs every 4-5 hours, forces workspace restarts". Its next rotation,
 * predicted from its log history, against the workshop's window; one due inside is a risk, fixed by pausing the
 * rotation until the workshop ends (the runbook: "Temporarily disable ... re-enable after the workshop completes").
 */
final class KeyRotationReadiness implements Readiness {

    static final String NAME = "key-rotation";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of("workspace-restarts/key-rotation", "litellm-auth/key-rotation", "litellm-auth/key-rotator-down",
                "litellm-auth/key-rotation-pause-overdue", "workspace-restarts/key-rotation-due");
    }

    @Override
    public List<Item> judge(Inputs in) {
        String cp = in.controlPlaneName();
        Workshop w = in.workshop();
        String pause = pauseUntil(w.end());
        List<Item> out = new ArrayList<>();
        for (Finding f : in.findings(claims(), null)) {
            if (!f.key().equals("workspace-restarts/key-rotation-due")) out.add(Inputs.item(NAME, cp, f));
        }
        if (!out.isEmpty()) return out;
        if (in.controlPlane().isEmpty()) return List.of(Item.risk(NAME, cp, "not judged: the control plane was not read", null));
        Optional<RotationForecast> found = RotationForecast.of(in.controlPlane().get(), in.config().names());
        if (found.isEmpty()) return List.of(Item.ok(NAME, cp, "no key rotator (" + in.config().names().keyRotatorDeployment() + ") in the control plane"));
        RotationForecast f = found.get();
        Instant from = w.start().isAfter(in.now()) ? w.start() : in.now();
        if (f.state() == RotationForecast.State.PAUSED) {
            if (f.resumeAt().isEmpty()) return List.of(Item.ok(NAME, cp, "paused (by hand, no resume time): no rotation until someone resumes it"));
            Instant resume = f.resumeAt().get();
            if (!resume.isBefore(w.end())) return List.of(Item.ok(NAME, cp, "paused until " + Inputs.at(resume) + ", after the workshop ends"));
            Optional<RotationForecast.Due> due = f.dueWithin(from, w.end());
            String when = due.map(d -> "; a rotation may follow " + d.describe()).orElse("");
            return List.of(Item.risk(NAME, cp, "paused, but due to resume at " + Inputs.at(resume) + ", before the workshop ends at " + Inputs.at(w.end()) + when
                    + ": resume it now and pause it again until the end (pitcrew fix resume-key-rotation --yes, then this fix)", pause));
        }
        if (!f.known()) {
            return List.of(Item.risk(NAME, cp, "no rotation in the rotator's log tail to predict from; the runbook says every 4-5 hours, "
                    + "so one may fall in the workshop", pause));
        }
        Optional<RotationForecast.Due> due = f.dueWithin(from, w.end());
        if (due.isPresent()) {
            return List.of(Item.risk(NAME, cp, "next rotation due " + due.get().describe() + " (" + f.how() + "), inside the workshop ("
                    + Inputs.at(w.start()) + " to " + Inputs.at(w.end()) + "): it restarts every workspace", pause));
        }
        return List.of(Item.ok(NAME, cp, "no rotation due between " + Inputs.at(from) + " and " + Inputs.at(w.end()) + " (" + f.how() + ")"));
    }

    /** The pause, until the workshop's end: an ISO time, so it means the same on every machine. */
    static String pauseUntil(Instant end) {
        return "pitcrew fix pause-key-rotation --until " + end.truncatedTo(ChronoUnit.SECONDS);
    }
}
