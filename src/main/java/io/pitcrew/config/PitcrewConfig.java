package io.pitcrew.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A validated pitcrew.yaml. */
public record PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir,
                            Probes probes, LogPatterns logPatterns, Notifications notifications, Contacts contacts) {

    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir,
                         Probes probes, LogPatterns logPatterns) {
        this(regions, names, thresholds, runbookDir, probes, logPatterns, Notifications.none(), Contacts.none());
    }

    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir, Probes probes) {
        this(regions, names, thresholds, runbookDir, probes, LogPatterns.defaults());
    }

    /** A config without DNS or mirror probes. */
    public PitcrewConfig(List<Region> regions, Names names, Thresholds thresholds, Optional<Path> runbookDir) {
        this(regions, names, thresholds, runbookDir, Probes.none());
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
