package io.pitcrew.server.pages;

import io.pitcrew.incident.Incident;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.incident.TimelineEntry;
import io.pitcrew.notify.IncidentStatus;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.server.pages.StatusImpact.Component;
import io.pitcrew.server.pages.StatusImpact.State;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the public status page says, worked out from the findings and the incidents and nothing else. It is built
 * only from ids, states and the messages responders wrote for participants: never a finding's evidence, summary or
 * title, an incident's title, notes, root cause or anyone's name, so none of them can leak by a template mistake.
 * Holds no time of its own making, so two equal pictures serialize to the same text (the page sends only changes).
 */
public record ParticipantStatus(State overall, List<RegionView> regions, List<PublicIncident> incidents) {

    /** Resolved incidents stay on the page this long, so participants see that they ended. */
    static final Duration SHOW_RESOLVED = Duration.ofHours(24);

    public record RegionView(String name, List<ComponentView> components) {}

    public record ComponentView(Component id, String name, State state, String label) {}

    /** An incident as participants see it: what it affects and the updates written for them. */
    public record PublicIncident(String id, String status, String affects, List<String> regions,
                                 List<Component> components, List<Update> updates) {}

    public record Update(String status, String message, Instant at) {}

    /** An incident with its log, as the store has them. */
    public record IncidentLog(Incident incident, List<TimelineEntry> timeline) {}

    private static final Pattern STATUS_LINE = Pattern.compile("^(?:reopened: )?[a-z]+ → ([a-z]+)");

    public static ParticipantStatus of(List<String> regionNames, List<Finding> activeFindings, List<IncidentLog> incidents, Instant now) {
        Map<String, Map<Component, State>> states = new LinkedHashMap<>();
        for (String r : regionNames) {
            Map<Component, State> m = new EnumMap<>(Component.class);
            for (Component c : Component.values()) m.put(c, State.OPERATIONAL);
            states.put(r, m);
        }
        for (Finding f : activeFindings) affect(states, f.incidentType(), f.cause(), f.severity(), f.regions());
        List<PublicIncident> shown = new ArrayList<>();
        for (IncidentLog log : incidents) {
            Incident i = log.incident();
            if (!i.userVisible()) continue;
            if (!i.open() && i.times().resolved().map(t -> t.plus(SHOW_RESOLVED).isBefore(now)).orElse(true)) continue;
            Set<Component> components = new LinkedHashSet<>();
            Set<String> regions = new LinkedHashSet<>();
            for (LinkedFinding f : links(i)) {
                StatusImpact.Rule rule = StatusImpact.of(f.incidentType(), f.cause());
                List<String> where = StatusImpact.everyRegion(f.incidentType(), f.cause()) ? regionNames
                        : !f.regions().isEmpty() ? f.regions() : !i.regions().isEmpty() ? i.regions() : regionNames;
                components.addAll(rule.components());
                regions.addAll(where);
                // the incident's severity is the responders' judgement; once a fix is applied (monitoring) it weighs less
                Severity weight = i.status() == IncidentStatus.MONITORING && i.severity().atLeast(Severity.P2) ? Severity.P2 : i.severity();
                if (i.open()) affect(states, f.incidentType(), f.cause(), weight, where);
            }
            List<Component> ordered = components.stream().sorted().toList();
            List<String> regionList = regionNames.stream().filter(regions::contains).toList();
            shown.add(new PublicIncident(i.id(), i.status().id(), affects(ordered, regionList), regionList, ordered, updates(i, log.timeline())));
        }
        // open ones first; within each, the store's order (newest first)
        shown.sort(Comparator.comparing((PublicIncident p) -> p.status().equals(IncidentStatus.RESOLVED.id())));
        List<RegionView> views = new ArrayList<>();
        State overall = State.OPERATIONAL;
        for (var e : states.entrySet()) {
            List<ComponentView> cs = new ArrayList<>();
            for (var c : e.getValue().entrySet()) {
                cs.add(new ComponentView(c.getKey(), c.getKey().label(), c.getValue(), c.getValue().label()));
                overall = State.worst(overall, c.getValue());
            }
            views.add(new RegionView(e.getKey(), cs));
        }
        return new ParticipantStatus(overall, views, shown);
    }

    /** An incident's findings; one declared without any is taken as the table's catch-all row. */
    private static List<LinkedFinding> links(Incident i) {
        return i.findings().isEmpty() ? List.of(new LinkedFinding("", "", i.severity().name(), List.of(), "")) : i.findings();
    }

    private static void affect(Map<String, Map<Component, State>> states, String type, String cause, Severity severity, List<String> regions) {
        StatusImpact.Rule rule = StatusImpact.of(type, cause);
        State s = rule.at(severity);
        // a finding that names no region (a platform-wide probe), or whose cause reaches every region, concerns all
        boolean all = regions.isEmpty() || StatusImpact.everyRegion(type, cause);
        for (String r : all ? List.copyOf(states.keySet()) : regions) {
            Map<Component, State> m = states.get(r);
            if (m == null) continue;
            for (Component c : rule.components()) m.merge(c, s, State::worst);
        }
    }

    private static String affects(List<Component> components, List<String> regions) {
        String what = String.join(", ", components.stream().map(Component::label).toList());
        return regions.isEmpty() ? what : what + " in " + String.join(", ", regions);
    }

    /**
     * The participant updates only ({@code pitcrew incident update}), each with the status the incident had when it
     * was written, and a closing one when the incident is resolved: the resolve line itself carries the root cause,
     * which is for responders.
     */
    private static List<Update> updates(Incident i, List<TimelineEntry> timeline) {
        List<Update> out = new ArrayList<>();
        IncidentStatus status = IncidentStatus.INVESTIGATING;
        for (TimelineEntry e : timeline) {
            switch (e.kind()) {
                case STATUS -> {
                    Matcher m = STATUS_LINE.matcher(e.text());
                    if (m.find()) status = IncidentStatus.valueOf(m.group(1).toUpperCase(Locale.ROOT));
                }
                case RESOLVED -> status = IncidentStatus.RESOLVED;
                case UPDATE -> out.add(new Update(status.id(), e.text(), e.at()));
                default -> { }
            }
        }
        if (!i.open() && (out.isEmpty() || !out.getLast().status().equals(IncidentStatus.RESOLVED.id()))) {
            out.add(new Update(IncidentStatus.RESOLVED.id(), "This incident has been resolved.", i.times().resolved().orElse(i.changedAt())));
        }
        return out.reversed();
    }
}
