package io.pitcrew.preflight;

import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionUnreachable;
import io.pitcrew.runbook.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runbook §2 before the fact: every region reachable, coderd and its workspace proxies up, each region's DNS pointing
 * at its load balancer ({@code dns:}), its {@code /healthz} answering ({@code health:}), coderd's view of the proxies
 * ({@code coder:}), CoreDNS running.
 */
final class RoutingReadiness implements Readiness {

    static final String NAME = "routing";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of("subdomain-routing/coderd-down", "subdomain-routing/coder-degraded", "subdomain-routing/dns-misconfiguration",
                "subdomain-routing/load-balancer-not-ready", "subdomain-routing/health-check-failing",
                "subdomain-routing/workspace-proxy-unhealthy", "subdomain-routing/coredns-down");
    }

    @Override
    public List<Item> judge(Inputs in) {
        List<Item> out = new ArrayList<>();
        for (RegionObservation o : in.snapshot().regions()) {
            String r = o.region().name();
            if (o instanceof RegionUnreachable u) {
                out.add(Item.blocker(NAME, r, "region unreachable (" + u.reason() + "): " + u.detail(), null));
                continue;
            }
            List<Item> here = new ArrayList<>();
            for (Finding f : in.findings(claims(), r)) here.add(Inputs.item(NAME, r, f));
            if (here.isEmpty()) here.add(Item.ok(NAME, r, asked(in)));
            out.addAll(here);
        }
        return out;
    }

    /** What was asked, so "ok" says how much it means. */
    private static String asked(Inputs in) {
        var p = in.config().probes();
        List<String> parts = new ArrayList<>(List.of("coder and CoreDNS running"));
        if (p.dnsServer().isPresent()) parts.add("DNS points at its load balancer");
        if (p.health().isPresent()) parts.add("/healthz answers");
        if (p.coder().isPresent()) parts.add("coderd sees its proxy healthy");
        return String.join(", ", parts);
    }
}
