package io.pitcrew.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated pitcrew.yaml.
 *
 * @param workshops the workshop windows ({@code workshops:}): doctor and serve judge predictable trouble against them
 * @param workspace what one workspace requests ({@code workspace:}), for sizing when no workspace pod shows it
 */
public record PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir,
                            Probes probes, LogPatterns logPatterns, Bounds bounds, Notifications notifications,
                            Contacts contacts, Optional<Path> kubeconfig, Serving serve, Optional<ServerRef> server,
                            Workshops workshops, Optional<WorkspaceRequests> workspace) {

    /** A config that names no workshop. */
    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir,
                         Probes probes, LogPatterns logPatterns, Bounds bounds, Notifications notifications,
                         Contacts contacts, Optional<Path> kubeconfig, Serving serve, Optional<ServerRef> server) {
        this(regions, names, thresholds, runbookDir, probes, logPatterns, bounds, notifications, contacts, kubeconfig, serve, server,
                Workshops.none(), Optional.empty());
    }

    /** A config that names no {@code pitcrew serve} for doctor to ask first. */
    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir,
                         Probes probes, LogPatterns logPatterns, Bounds bounds, Notifications notifications,
                         Contacts contacts, Optional<Path> kubeconfig, Serving serve) {
        this(regions, names, thresholds, runbookDir, probes, logPatterns, bounds, notifications, contacts, kubeconfig, serve, Optional.empty());
    }

    /**
     * A config that does not name its kubeconfig ({@code --kubeconfig}, $KUBECONFIG or ~/.kube/config apply) and
     * leaves {@code pitcrew serve} its defaults.
     */
    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir,
                         Probes probes, LogPatterns logPatterns, Bounds bounds, Notifications notifications,
                         Contacts contacts) {
        this(regions, names, thresholds, runbookDir, probes, logPatterns, bounds, notifications, contacts, Optional.empty(), Serving.defaults());
    }

    /** A config that notifies nobody and lists no contacts. */
    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir,
                         Probes probes, LogPatterns logPatterns, Bounds bounds) {
        this(regions, names, thresholds, runbookDir, probes, logPatterns, bounds, Notifications.none(), Contacts.none());
    }

    /** A config with the default log patterns and the default bounds of {@code pitcrew fix}. */
    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir, Probes probes) {
        this(regions, names, thresholds, runbookDir, probes, LogPatterns.defaults(), Bounds.defaults());
    }

    /** A config without DNS or mirror probes. */
    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir) {
        this(regions, names, thresholds, runbookDir, Probes.none());
    }

    /** The same config with other thresholds (e.g. {@code doctor --timeout}); everything else kept. */
    public PitcrewConfig withThresholds(Thresholds changed) {
        return new PitcrewConfig(regions, names, changed, runbookDir, probes, logPatterns, bounds, notifications, contacts, kubeconfig, serve, server, workshops, workspace);
    }

    /** The same config with other probes; everything else kept. */
    public PitcrewConfig withProbes(Probes changed) {
        return new PitcrewConfig(regions, names, thresholds, runbookDir, changed, logPatterns, bounds, notifications, contacts, kubeconfig, serve, server, workshops, workspace);
    }

    /** The same config with the regions' contexts changed ({@code --context}); everything else kept. */
    public PitcrewConfig withRegions(List<Region> changed) {
        return new PitcrewConfig(changed, names, thresholds, runbookDir, probes, logPatterns, bounds, notifications, contacts, kubeconfig, serve, server, workshops, workspace);
    }

    /** The same config with other workshops (a test's, or one made on the command line); everything else kept. */
    public PitcrewConfig withWorkshops(Workshops changed) {
        return new PitcrewConfig(regions, names, thresholds, runbookDir, probes, logPatterns, bounds, notifications, contacts, kubeconfig, serve, server, changed, workspace);
    }

    public Optional<Region> region(String name) {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<Region> controlPlane() {
        return regions.stream().filter(Region::isControlPlane).findFirst();
    }

    /** The runbook's platform: us-east-2 control plane, proxies in us-west-2 and eu-west-2. */
    public static PitcrewConfig runbookDefaults() {
        return new PitcrewConfig(List.of(
                new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com"),
                new Region("us-west-2", "us-west-2", Region.Role.PROXY, "oregon-proxy.ai.coder.com"),
                new Region("eu-west-2", "eu-west-2", Region.Role.PROXY, "emea-proxy.ai.coder.com")),
                Names.defaults(), Thresholds.defaults(), Optional.empty());
    }
}
