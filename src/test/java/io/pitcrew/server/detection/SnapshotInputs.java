package io.pitcrew.server.detection;

import io.pitcrew.check.Input;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** A snapshot taken apart by {@link Input}: what differs between two, and one with some inputs taken from another. */
final class SnapshotInputs {

    private SnapshotInputs() {}

    /** What an input is in one region (or, for a probe, in the snapshot), comparable with equals. */
    static Object of(Snapshot snapshot, RegionSnapshot r, Input input) {
        return switch (input) {
            case PODS -> r.pods();
            case NODES -> r.nodes();
            case EVENTS -> r.events();
            case DEPLOYMENTS -> r.deployments();
            case SERVICES -> r.services();
            case SERVICE_ACCOUNTS -> r.serviceAccounts();
            case SECRETS -> List.of(r.pullSecrets(), r.credentialSecrets());
            case NODE_POOLS -> r.nodePools();
            case NODE_CLAIMS -> r.nodeClaims();
            case POD_METRICS -> r.podMetrics();
            case NODE_METRICS -> r.nodeMetrics();
            case LOGS -> r.logs();
            case DNS -> snapshot.dns();
            case MIRROR -> snapshot.mirror();
            case HEALTH -> snapshot.health();
            case CODER -> List.of(snapshot.proxies(), snapshot.provisioning());
            case LITELLM -> snapshot.litellm();
            case CLOCK -> snapshot.observedAt();
        };
    }

    /** What changed from {@code before} to {@code after}, as the watches and probes would report it. */
    static ChangedInputs.Dirty between(Snapshot before, Snapshot after) {
        ChangedInputs changes = new ChangedInputs();
        for (RegionObservation o : after.regions()) {
            RegionSnapshot b = region(before, o.region().name()).orElse(null);
            if (!(o instanceof RegionSnapshot a) || b == null) continue; // a change of reachability is seen by IncrementalChecks
            Set<Input> differ = EnumSet.noneOf(Input.class);
            for (Input i : Input.values()) {
                if (!i.probed() && i != Input.CLOCK && !of(before, b, i).equals(of(after, a, i))) differ.add(i);
            }
            changes.region(a.region().name(), differ);
        }
        for (Input i : Input.values()) {
            if (i.probed() && !of(before, null, i).equals(of(after, null, i))) changes.probe(i);
        }
        return changes.drain();
    }

    /**
     * {@code target} with every input not in {@code keep} taken from {@code source} (regions matched by name; a
     * region {@code source} lacks gets that input empty). The clock stays {@code target}'s.
     */
    static Snapshot mixed(Snapshot target, Snapshot source, Set<Input> keep) {
        List<RegionObservation> regions = target.regions().stream().map(o -> o instanceof RegionSnapshot t
                ? (RegionObservation) mixed(t, region(source, t.region().name()).orElse(null), keep) : o).toList();
        Function<Input, Snapshot> pick = i -> keep.contains(i) ? target : source;
        return Snapshot.of(target.observedAt(), regions)
                .dns(pick.apply(Input.DNS).dns())
                .mirror(pick.apply(Input.MIRROR).mirror())
                .health(pick.apply(Input.HEALTH).health())
                .proxies(pick.apply(Input.CODER).proxies())
                .provisioning(pick.apply(Input.CODER).provisioning())
                .litellm(pick.apply(Input.LITELLM).litellm())
                .build();
    }

    /** An empty snapshot: every input blank, to mix with. */
    static Snapshot empty(Snapshot like) {
        return new Snapshot(like.observedAt(), List.of());
    }

    private static RegionSnapshot mixed(RegionSnapshot t, RegionSnapshot s, Set<Input> keep) {
        // each part from the target when kept, else from the source (or nothing when the source lacks the region)
        RegionSnapshot from = s == null ? RegionSnapshot.of(t.region(), t.observedAt()).build() : s;
        Function<Input, RegionSnapshot> pick = i -> keep.contains(i) ? t : from;
        return RegionSnapshot.of(t.region(), t.observedAt()).took(t.took())
                .nodes(pick.apply(Input.NODES).nodes())
                .nodeMetrics(pick.apply(Input.NODE_METRICS).nodeMetrics())
                .podMetrics(pick.apply(Input.POD_METRICS).podMetrics())
                .pods(pick.apply(Input.PODS).pods())
                .events(pick.apply(Input.EVENTS).events())
                .deployments(pick.apply(Input.DEPLOYMENTS).deployments())
                .services(pick.apply(Input.SERVICES).services())
                .serviceAccounts(pick.apply(Input.SERVICE_ACCOUNTS).serviceAccounts())
                .pullSecrets(pick.apply(Input.SECRETS).pullSecrets())
                .credentialSecrets(pick.apply(Input.SECRETS).credentialSecrets())
                .nodePools(pick.apply(Input.NODE_POOLS).nodePools())
                .nodeClaims(pick.apply(Input.NODE_CLAIMS).nodeClaims())
                .logs(pick.apply(Input.LOGS).logs())
                .gaps(t.gaps())
                .build();
    }

    private static Optional<RegionSnapshot> region(Snapshot snapshot, String name) {
        return snapshot.reachable().stream().filter(r -> r.region().name().equals(name)).findFirst();
    }
}
