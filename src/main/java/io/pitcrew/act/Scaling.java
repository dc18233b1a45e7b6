package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.pitcrew.config.Region;

import java.util.Optional;

/** One deployment scaled to a replica count: the change a human reads and, unless it is already so, the edit. */
record Scaling(Region region, Deployment before, int replicas) {

    static int replicasOf(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    Change change() {
        return new Change(region.name(), Edit.describe(before), "spec.replicas", Integer.toString(replicasOf(before)),
                Integer.toString(replicas));
    }

    Optional<Edit> edit() {
        if (replicasOf(before) == replicas) return Optional.empty();
        Deployment after = new DeploymentBuilder(before).editSpec().withReplicas(replicas).endSpec().build();
        return Optional.of(new Edit.Update(region.name(), before, after));
    }
}
