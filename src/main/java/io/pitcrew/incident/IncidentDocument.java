package io.pitcrew.incident;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An incident as JSON fields, in one shape for {@code pitcrew incident -o json} and the HTTP API, so scripts and the
 * dashboard read the same names.
 */
public final class IncidentDocument {

    private IncidentDocument() {}

    public static Map<String, Object> fields(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("title", i.title());
        m.put("severity", i.severity().name());
        m.put("status", i.status().id());
        m.put("workshop", i.workshop());
        Times t = i.times();
        Map<String, Object> times = new LinkedHashMap<>();
        times.put("started", t.started().toString());
        times.put("detected", t.detected().toString());
        times.put("declared", t.declared().toString());
        times.put("acknowledged", text(t.acknowledged()));
        times.put("mitigated", text(t.mitigated()));
        times.put("resolved", text(t.resolved()));
        m.put("times", times);
        m.put("commander", i.commander().orElse(null));
        m.put("roles", i.roles());
        m.put("regions", i.regions());
        m.put("findings", i.findings());
        m.put("rootCause", i.rootCause());
        m.put("workarounds", i.workarounds());
        m.put("followUps", i.followUps());
        m.put("checklist", i.checklist().items());
        m.put("version", i.version());
        return m;
    }

    /** The incident with its log (oldest first) and what the runbook still asks for. */
    public static Map<String, Object> withTimeline(Incident i, List<TimelineEntry> timeline, List<String> reminders) {
        Map<String, Object> doc = fields(i);
        doc.put("timeline", timeline.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("at", e.at().toString());
            m.put("actor", e.actor());
            m.put("kind", e.kind().id());
            m.put("text", e.text());
            return m;
        }).toList());
        doc.put("reminders", reminders);
        return doc;
    }

    private static String text(Optional<Instant> t) {
        return t.map(Instant::toString).orElse(null);
    }
}
