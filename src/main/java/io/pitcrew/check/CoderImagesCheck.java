package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runbook §2 "Check Coder image versions across all clusters (must be identical)". Compares what each coder pod
 * actually runs — the digest in its status {@code imageID}, since {@code :latest} names nothing — against the
 * control plane's: a proxy on another build than coderd is the runbook's first subdomain-routing cause.
 */
public final class CoderImagesCheck implements PlatformCheck {

    public static final String MISMATCH = "coder-image-mismatch";

    private static final CheckHeader HEADER = new CheckHeader("coder-image-digests", List.of(MISMATCH),
            EnumSet.of(Input.PODS));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        return check(snapshot.reachable(), context);
    }

    List<Signal> check(List<RegionSnapshot> regions, CheckContext context) {
        Map<RegionSnapshot, Map<String, String>> digests = new LinkedHashMap<>(); // region -> pod -> digest
        for (RegionSnapshot r : regions) digests.put(r, coderDigests(r, context));
        String reference = reference(digests);
        if (reference == null) return List.of();
        String referenceRegion = digests.entrySet().stream()
                .filter(e -> e.getValue().containsValue(reference))
                .map(e -> e.getKey().region().name()).findFirst().orElse("?");
        List<Signal> out = new ArrayList<>();
        for (var e : digests.entrySet()) {
            String r = e.getKey().region().name();
            EvidenceTally off = new EvidenceTally();
            e.getValue().forEach((pod, digest) -> {
                if (!digest.equals(reference)) {
                    off.add(new Evidence(r, "Pod", context.names().coderNamespace(), pod,
                            "runs " + digest + "; " + referenceRegion + " runs " + reference));
                }
            });
            off.emit(out, MISMATCH, r, EvidenceTally.count(off.affected(), "coder pod") + " on another image than "
                    + referenceRegion);
        }
        return out;
    }

    /** The control plane's most common digest, else the most common anywhere; null when no coder pod reported one. */
    private static String reference(Map<RegionSnapshot, Map<String, String>> digests) {
        Function<Map<String, String>, String> majority = m -> m.values().stream()
                .collect(Collectors.groupingBy(d -> d, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
        return digests.entrySet().stream().filter(e -> e.getKey().region().isControlPlane()).findFirst()
                .map(e -> majority.apply(e.getValue()))
                .orElseGet(() -> majority.apply(digests.values().stream().flatMap(m -> m.entrySet().stream())
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a))));
    }

    /** Running coder pods of the region and the digest of their coder container. */
    private static Map<String, String> coderDigests(RegionSnapshot region, CheckContext context) {
        Map<String, String> out = new HashMap<>();
        String ns = context.names().coderNamespace();
        String app = context.names().coderDeployment();
        for (Pod p : region.pods()) {
            if (!ns.equals(p.getMetadata().getNamespace()) || p.getMetadata().getLabels() == null) continue;
            if (!app.equals(p.getMetadata().getLabels().get("app.kubernetes.io/name"))) continue;
            if (p.getStatus() == null || !"Running".equals(p.getStatus().getPhase()) || p.getStatus().getContainerStatuses() == null) continue;
            for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                if (!"coder".equals(cs.getName()) || cs.getImageID() == null) continue;
                int at = cs.getImageID().indexOf("@sha256:");
                if (at >= 0) out.put(p.getMetadata().getName(), cs.getImageID().substring(at + 1));
            }
        }
        return out;
    }
}
