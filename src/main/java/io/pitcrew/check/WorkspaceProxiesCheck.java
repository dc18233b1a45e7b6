package io.pitcrew.check;

import io.pitcrew.config.Region;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.WorkspaceProxy;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * coderd's own view of its workspace proxies ({@code GET /api/v2/workspaceproxies}): a proxy coderd reports
 * unreachable or unhealthy cannot serve its region's workspaces, whatever its cluster looks like. A proxy is
 * matched to a region by its URL's host being the region's domain.
 */
public final class WorkspaceProxiesCheck implements PlatformCheck {

    public static final String UNHEALTHY = "workspace-proxy-unhealthy";

    private static final CheckHeader HEADER = new CheckHeader("workspace-proxies", List.of(UNHEALTHY),
            EnumSet.of(Input.CODER));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        if (snapshot.proxies().isEmpty()
                || !(snapshot.proxies().get() instanceof CoderAnswer.Answered<List<WorkspaceProxy>> proxies)) return List.of();
        List<Signal> out = new ArrayList<>();
        for (WorkspaceProxy p : proxies.value()) {
            if (p.healthy() && "ok".equals(p.status())) continue;
            Optional<Region> region = snapshot.regions().stream().map(RegionObservation::region)
                    .filter(r -> r.domain() != null && r.domain().equalsIgnoreCase(host(p.pathAppUrl()))).findFirst();
            String name = region.map(Region::name).orElse(snapshot.regions().isEmpty() ? "platform" : snapshot.regions().getFirst().region().name());
            String detail = "coderd reports " + p.name() + " " + p.status() + (p.healthy() ? "" : " (not healthy)")
                    + (p.errors().isEmpty() ? "" : ": " + String.join("; ", p.errors()));
            out.add(new Signal(UNHEALTHY, name, 1, "workspace proxy " + p.name() + " is " + p.status(),
                    List.of(new Evidence(name, "WorkspaceProxy", "", p.name(), detail))));
        }
        return out;
    }

    private static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "" : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
