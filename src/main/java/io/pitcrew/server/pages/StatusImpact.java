package io.pitcrew.server.pages;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pitcrew.runbook.Severity;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a finding (or an incident) means to participants: which components of its regions it touches and how badly,
 * by incident type, cause and severity. The table below is the only place this is decided; docs/serve.md
 * ("Status page") shows it.
 */
final class StatusImpact {

    /** What participants use, per region. */
    enum Component {
        WORKSPACES("workspaces", "Workspaces"),
        AI_ASSISTANTS("ai-assistants", "AI assistants"),
        WORKSPACE_URLS("workspace-urls", "Workspace URLs");

        private final String id;
        private final String label;

        Component(String id, String label) {
            this.id = id;
            this.label = label;
        }

        @JsonValue
        String id() { return id; }

        String label() { return label; }
    }

    /** In order of badness, so the worst of several is the greatest. */
    enum State {
        OPERATIONAL, DEGRADED, PARTIAL_OUTAGE, MAJOR_OUTAGE;

        @JsonValue
        String id() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        String label() { return switch (this) {
            case OPERATIONAL -> "Operational";
            case DEGRADED -> "Degraded performance";
            case PARTIAL_OUTAGE -> "Partial outage";
            case MAJOR_OUTAGE -> "Major outage";
        }; }

        static State worst(State a, State b) { return a.compareTo(b) >= 0 ? a : b; }
    }

    private static final String ANY = "*";
    private static final Set<Component> ALL = Set.of(Component.values());
    private static final Set<Component> WS = Set.of(Component.WORKSPACES);
    private static final Set<Component> AI = Set.of(Component.AI_ASSISTANTS);
    private static final Set<Component> URLS = Set.of(Component.WORKSPACE_URLS);
    private static final Set<Component> WS_AND_URLS = Set.of(Component.WORKSPACES, Component.WORKSPACE_URLS);

    /**
     * Causes whose finding is seen in one region but whose impact is every region's: coderd down in the control
     * plane leaves the workspace proxies nothing to proxy.
     */
    private static final Set<String> EVERY_REGION = Set.of("subdomain-routing/coderd-down");
    private static final State OK = State.OPERATIONAL, DEG = State.DEGRADED, PART = State.PARTIAL_OUTAGE, MAJOR = State.MAJOR_OUTAGE;

    /**
     * @param p0 … p3 the state at that severity; P3 is "no user impact" in the runbook, so always operational
     */
    record Rule(String incidentType, String cause, Set<Component> components, State p0, State p1, State p2, State p3) {
        boolean matches(String type, String c) {
            return (incidentType.equals(ANY) || incidentType.equals(type)) && (cause.equals(ANY) || cause.equals(c));
        }

        State at(Severity s) {
            return switch (s) { case P0 -> p0; case P1 -> p1; case P2 -> p2; case P3 -> p3; };
        }
    }

    /** First match wins: a cause's row comes before its type's. */
    static final List<Rule> TABLE = List.of(
            // the API server cannot be seen: everything in the region may be down, but its workloads may also still run
            new Rule("region-unreachable", ANY, ALL, MAJOR, PART, DEG, OK),
            // no model answers at all
            new Rule("litellm-auth", "litellm-outage", AI, MAJOR, MAJOR, PART, OK),
            new Rule("litellm-auth", "credentials-expired", AI, MAJOR, MAJOR, PART, OK),
            new Rule("litellm-auth", ANY, AI, MAJOR, PART, DEG, OK),
            // coderd serves every region (the proxies ask it for every session): nothing can be opened anywhere
            new Rule("subdomain-routing", "coderd-down", WS_AND_URLS, MAJOR, MAJOR, PART, OK),
            // in-cluster names fail: workspaces cannot reach anything, nor anything them
            new Rule("subdomain-routing", "coredns-down", ALL, MAJOR, MAJOR, PART, OK),
            // nothing routes to the region's workspaces
            new Rule("subdomain-routing", "load-balancer-not-ready", URLS, MAJOR, MAJOR, PART, OK),
            new Rule("subdomain-routing", "dns-misconfiguration", URLS, MAJOR, MAJOR, PART, OK),
            new Rule("subdomain-routing", ANY, URLS, MAJOR, PART, DEG, OK),
            new Rule("workspace-restarts", ANY, WS, MAJOR, PART, DEG, OK),
            new Rule("resource-contention", ANY, WS, MAJOR, PART, DEG, OK),
            new Rule("image-pull", ANY, WS, MAJOR, PART, DEG, OK),
            new Rule("provisioner-failures", ANY, WS, MAJOR, PART, DEG, OK),
            // a type of one's own runbook, or an incident declared without a finding: workspaces are what people use
            new Rule(ANY, ANY, WS, MAJOR, PART, DEG, OK));

    private StatusImpact() {}

    /** Whether a finding of this cause touches every region, whichever regions it names. */
    static boolean everyRegion(String incidentType, String cause) {
        return EVERY_REGION.contains(incidentType + "/" + cause);
    }

    static Rule of(String incidentType, String cause) {
        return TABLE.stream().filter(r -> r.matches(incidentType, cause)).findFirst().orElseThrow();
    }
}
