package io.pitcrew.server.detection;

import io.pitcrew.check.Input;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        return new Snapshot(target.observedAt(), regions,
                keep.contains(Input.DNS) ? target.dns() : source.dns(),
                keep.contains(Input.MIRROR) ? target.mirror() : source.mirror(),
                keep.contains(Input.HEALTH) ? target.health() : source.health(),
                keep.contains(Input.CODER) ? target.proxies() : source.proxies(),
                keep.contains(Input.CODER) ? target.provisioning() : source.provisioning(),
                keep.contains(Input.LITELLM) ? target.litellm() : source.litellm());
    }

    /** An empty snapshot: every input blank, to mix with. */
    static Snapshot empty(Snapshot like) {
        return new Snapshot(like.observedAt(), List.of(), List.of(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static RegionSnapshot mixed(RegionSnapshot t, RegionSnapshot s, Set<Input> keep) {
        Map<Input, Boolean> k = new HashMap<>();
        for (Input i : Input.values()) k.put(i, keep.contains(i));
        return new RegionSnapshot(t.region(), t.observedAt(), t.took(),
                k.get(Input.NODES) ? t.nodes() : s == null ? List.of() : s.nodes(),
                k.get(Input.NODE_METRICS) ? t.nodeMetrics() : s == null ? List.of() : s.nodeMetrics(),
                k.get(Input.POD_METRICS) ? t.podMetrics() : s == null ? List.of() : s.podMetrics(),
                k.get(Input.PODS) ? t.pods() : s == null ? List.of() : s.pods(),
                k.get(Input.EVENTS) ? t.events() : s == null ? List.of() : s.events(),
                k.get(Input.DEPLOYMENTS) ? t.deployments() : s == null ? List.of() : s.deployments(),
                k.get(Input.SERVICES) ? t.services() : s == null ? List.of() : s.services(),
                k.get(Input.SERVICE_ACCOUNTS) ? t.serviceAccounts() : s == null ? List.of() : s.serviceAccounts(),
                k.get(Input.SECRETS) ? t.pullSecrets() : s == null ? List.of() : s.pullSecrets(),
                k.get(Input.NODE_POOLS) ? t.nodePools() : s == null ? List.of() : s.nodePools(),
                k.get(Input.NODE_CLAIMS) ? t.nodeClaims() : s == null ? List.of() : s.nodeClaims(),
                k.get(Input.LOGS) ? t.logs() : s == null ? List.of() : s.logs(),
                t.gaps(),
                k.get(Input.SECRETS) ? t.credentialSecrets() : s == null ? List.of() : s.credentialSecrets());
    }

    private static Optional<RegionSnapshot> region(Snapshot snapshot, String name) {
        return snapshot.reachable().stream().filter(r -> r.region().name().equals(name)).findFirst();
    }
}
