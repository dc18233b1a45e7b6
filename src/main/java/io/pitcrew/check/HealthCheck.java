package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.health.HealthResult;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §2 "Test proxy endpoints" ({@code curl -I https://<domain>/healthz}): a region whose public health endpoint
 * fails, or cannot be reached over TLS, is unreachable for its users whatever the cluster says. When coder itself is
 * down in the region, that finding explains this one (subdomain-routing.yaml folds it with {@code none:}).
 */
public final class HealthCheck implements PlatformCheck {

    public static final String FAILING = "health-check-failing";

    private static final CheckHeader HEADER = new CheckHeader("health-endpoints", List.of(FAILING),
            EnumSet.of(Input.HEALTH, Input.PODS));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        List<Signal> out = new ArrayList<>();
        for (RegionSnapshot r : snapshot.reachable()) {
            var endpoint = snapshot.health().get(r.region().name());
            if (endpoint == null || endpoint.result() instanceof HealthResult.Healthy) continue;
            HealthResult result = endpoint.result();
            long running = r.pods().stream().filter(p -> isRunningCoder(p, context)).count();
            String detail = switch (result) {
                case HealthResult.Healthy h -> "";
                case HealthResult.Unhealthy u -> "HTTP " + u.status() + (u.bodyExcerpt().isEmpty() ? "" : ": " + u.bodyExcerpt());
                case HealthResult.TlsError t -> "TLS: " + t.detail();
                case HealthResult.Unreachable u -> u.reason() + ": " + u.detail();
            };
            // With no coder pod running, coder's own outage check explains the endpoint (the runbook rule folds this
            // signal into it); when nothing does — no coder Deployment where names: says — it must still be heard.
            String pods = running > 0 ? " while " + running + " coder pod(s) run"
                    : "; no coder pod runs in " + context.names().coderNamespace();
            out.add(new Signal(FAILING, r.region().name(), 1, endpoint.url() + " fails" + pods,
                    List.of(new Evidence(r.region().name(), "Endpoint", "", endpoint.url(), detail))));
        }
        return out;
    }

    private static boolean isRunningCoder(Pod p, CheckContext context) {
        return context.names().coderNamespace().equals(p.getMetadata().getNamespace()) && p.getMetadata().getLabels() != null
                && context.names().coderDeployment().equals(p.getMetadata().getLabels().get("app.kubernetes.io/name"))
                && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }
}
