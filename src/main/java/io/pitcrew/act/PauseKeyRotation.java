package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.pitcrew.config.DurationText;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runbook §1/§3: "Temporarily disable the auxiliary addon key rotation (re-enable after the workshop completes)".
 * Scales the rotator to 0 and writes on the deployment itself how many replicas it had and, with {@code --for} or
 * {@code --until}, when it is to come back, so whoever resumes it (from any machine) restores the right count.
 */
final class PauseKeyRotation implements Action {

    static final String PAUSED_REPLICAS = "pitcrew.io/paused-replicas";
    static final String RESUME_AT = "pitcrew.io/resume-at";

    @Override
    public String id() { return "pause-key-rotation"; }

    @Override
    public String summary() {
        return "Temporarily disable the LiteLLM key rotation (scale the rotator to 0; resume-key-rotation brings it back)";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("for", "DURATION", "resume due after this long, e.g. 4h or 90m"),
                new Parameter("until", "TIME", "resume due at this time: 17:00 (local, next occurrence) or 2026-11-25T17:00:00Z"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        Optional<Instant> resumeAt = resumeAt(p, platform.startedAt()).map(t -> t.truncatedTo(ChronoUnit.SECONDS));
        Region cp = platform.controlPlane();
        Optional<Deployment> found = rotator(platform);
        if (found.isEmpty()) return rotatorMissing(id(), p, platform);
        Deployment d = found.get();
        Scaling s = new Scaling(cp, d, 0);
        List<Change> changes = new ArrayList<>(List.of(s.change()));
        if (s.edit().isEmpty()) {
            // Already paused: by pitcrew (the annotation says until when) or by hand. Nothing to do either way.
            return Plan.alreadyInEffect(id(), p, changes);
        }
        int before = Scaling.replicasOf(d);
        String object = Edit.describe(d);
        changes.add(new Change(cp.name(), object, "metadata.annotations[" + PAUSED_REPLICAS + "]",
                annotation(d, PAUSED_REPLICAS).orElse("(none)"), Integer.toString(before)));
        resumeAt.ifPresent(at -> changes.add(new Change(cp.name(), object, "metadata.annotations[" + RESUME_AT + "]",
                annotation(d, RESUME_AT).orElse("(none)"), at.toString())));
        var meta = new DeploymentBuilder(d).editSpec().withReplicas(0).endSpec().editMetadata()
                .addToAnnotations(PAUSED_REPLICAS, Integer.toString(before));
        if (resumeAt.isPresent()) meta.addToAnnotations(RESUME_AT, resumeAt.get().toString());
        else meta.removeFromAnnotations(RESUME_AT);
        Deployment after = meta.endMetadata().build();
        return Plan.toApply(id(), p, changes, List.of(new Edit.Update(cp.name(), d, after)))
                .withInverse(new Inverse("resume-key-rotation", Map.of("replicas", Integer.toString(before))), resumeAt);
    }

    static Optional<Deployment> rotator(Platform platform) {
        Names names = platform.config().names();
        return platform.deployment(platform.controlPlane(), names.litellmNamespace(), names.keyRotatorDeployment());
    }

    static Plan rotatorMissing(String action, Parameters p, Platform platform) {
        Names names = platform.config().names();
        return Plan.missing(action, p, List.of(), platform.controlPlane(), names.litellmNamespace(),
                names.keyRotatorDeployment(), "keyRotatorDeployment");
    }

    static Optional<String> annotation(Deployment d, String key) {
        Map<String, String> a = d.getMetadata().getAnnotations();
        return Optional.ofNullable(a == null ? null : a.get(key));
    }

    /**
     * When a pause of {@code pause} from now ends, if it is more than 0 and at most the longest pause: the API's
     * parameters come this way too, not only the command line's (which refuses them earlier, naming the option).
     */
    private static Instant bounded(Instant now, Duration pause, String given) {
        String bounds = "a key-rotation pause is more than 0 and at most " + DurationText.format(Actions.LONGEST_KEY_ROTATION_PAUSE);
        if (pause.isNegative() || pause.isZero()) throw new IllegalArgumentException(given + ": " + bounds);
        if (pause.compareTo(Actions.LONGEST_KEY_ROTATION_PAUSE) > 0) {
            throw new IllegalArgumentException(given + " is too long: " + bounds + " (resume it after the workshop)");
        }
        return now.plus(pause);
    }

    /** --for 4h or --until 17:00 (the next 17:00 on this machine's clock) or --until an ISO time. */
    static Optional<Instant> resumeAt(Parameters p, Instant now) {
        Optional<String> forText = p.text("for");
        Optional<String> untilText = p.text("until");
        if (forText.isPresent() && untilText.isPresent()) {
            throw new IllegalArgumentException("give --for or --until, not both");
        }
        if (forText.isPresent()) {
            Duration d;
            try {
                d = DurationText.parse(forText.get());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--for " + e.getMessage() + ": write a duration like " + DurationText.FORMS);
            }
            return Optional.of(bounded(now, d, "--for " + forText.get().strip()));
        }
        if (untilText.isEmpty()) return Optional.empty();
        String u = untilText.get().strip();
        ZoneId zone = ZoneId.systemDefault();
        try {
            LocalTime t = LocalTime.parse(u);
            LocalDateTime today = LocalDateTime.ofInstant(now, zone).toLocalDate().atTime(t);
            Instant at = today.atZone(zone).toInstant();
            return Optional.of(at.isAfter(now) ? at : today.plusDays(1).atZone(zone).toInstant());
        } catch (DateTimeParseException notATime) {
            try {
                Instant at = Instant.parse(u);
                if (!at.isAfter(now)) throw new IllegalArgumentException("--until " + u + " is in the past");
                return Optional.of(bounded(now, Duration.between(now, at), "--until " + u));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--until '" + u + "' is not a time: write 17:00 or 2026-11-25T17:00:00Z");
            }
        }
    }
}
