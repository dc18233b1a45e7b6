package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.pitcrew.config.Region;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kubectl rollout restart}: a new {@code kubectl.kubernetes.io/restartedAt} on the pod template, which makes
 * the Deployment replace every pod. A restart stamped after this fix began was made by someone else meanwhile:
 * that one is in effect already, so two people restarting at once restart once.
 */
record Rollout(Region region, Deployment before, Instant now, Instant since) {

    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private Optional<String> current() {
        var meta = before.getSpec().getTemplate().getMetadata();
        Map<String, String> a = meta == null ? null : meta.getAnnotations();
        return Optional.ofNullable(a == null ? null : a.get(RESTARTED_AT));
    }

    boolean restartedSince() {
        return current().map(v -> {
            try {
                return !Instant.parse(v).isBefore(since.truncatedTo(ChronoUnit.SECONDS));
            } catch (DateTimeParseException e) {
                return false;
            }
        }).orElse(false);
    }

    private String stamp() {
        return restartedSince() ? current().orElseThrow() : now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    Change change() {
        return new Change(region.name(), Edit.describe(before), "spec.template.metadata.annotations[" + RESTARTED_AT + "]",
                current().orElse("(none)"), stamp());
    }

    Optional<Edit> edit() {
        if (restartedSince()) return Optional.empty();
        Deployment after = new DeploymentBuilder(before).editSpec().editTemplate().editOrNewMetadata()
                .addToAnnotations(RESTARTED_AT, stamp()).endMetadata().endTemplate().endSpec().build();
        return Optional.of(new Edit.Update(region.name(), before, after));
    }
}
