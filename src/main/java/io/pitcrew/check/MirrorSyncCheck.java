package io.pitcrew.check;

import io.pitcrew.observe.MirrorDigests;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.registry.DigestResult;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §2 and §5 "Verify private ECR mirror is up-to-date": the mirror's tag must point at the same manifest
 * digest as upstream's (a copy keeps the manifest bytes, so equal digests are what "in sync" means). Reported
 * for the control plane, where the mirror lives.
 */
public final class MirrorSyncCheck implements PlatformCheck {

    public static final String DIFFERS = "mirror-digest-differs";
    public static final String MISSING = "mirror-tag-missing";

    private static final CheckHeader HEADER = new CheckHeader("mirror-sync", List.of(DIFFERS, MISSING),
            EnumSet.of(Input.MIRROR));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        if (snapshot.mirror().isEmpty()) return List.of();
        MirrorDigests m = snapshot.mirror().get();
        String region = ControlPlane.of(snapshot).name();
        List<Signal> out = new ArrayList<>();
        if (m.mirror() instanceof DigestResult.Missing missing) {
            out.add(new Signal(MISSING, region, 1, "the mirror has no " + m.mirrorRef(), List.of(new Evidence(region, "Image", "",
                    m.mirrorRef(), missing.code() + ": " + missing.message() + describeUpstream(m)))));
        } else if (m.mirror() instanceof DigestResult.Found mirror && m.upstream() instanceof DigestResult.Found upstream
                && !mirror.digest().equals(upstream.digest())) {
            out.add(new Signal(DIFFERS, region, 1, "the mirror's tag points at another image than upstream's",
                    List.of(new Evidence(region, "Image", "", m.mirrorRef(), "mirror " + mirror.digest() + "; upstream "
                            + m.upstreamRef() + " is " + upstream.digest()))));
        }
        return out;
    }

    private static String describeUpstream(MirrorDigests m) {
        return m.upstream() instanceof DigestResult.Found f ? "; upstream " + m.upstreamRef() + " is " + f.digest() : "";
    }
}
