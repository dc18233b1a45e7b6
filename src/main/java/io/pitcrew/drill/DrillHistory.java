package io.pitcrew.drill;

import io.pitcrew.text.Columns;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The drills of a store, newest first, with their times: {@code pitcrew drill history}. */
public final class DrillHistory {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private DrillHistory() {}

    /**
     * One drill. While it runs, its scenario stays hidden (null) and it has no times yet: history must not give away
     * what a drill in progress rehearses.
     */
    public record Entry(String drill, String startedAt, String endedAt, String outcome, String scenario, Boolean mitigated,
                        Long timeToDetect, Long timeToAcknowledge, Long timeToMitigate) {}

    public static List<Entry> of(List<Drill> drills) {
        return drills.stream().map(DrillHistory::entry).toList();
    }

    private static Entry entry(Drill d) {
        if (d.ending().isEmpty()) return new Entry(d.id(), d.startedAt().toString(), null, "running", null, null, null, null, null);
        Drill.Ending e = d.ending().get();
        Scorecard s = score(e.report());
        return new Entry(d.id(), d.startedAt().toString(), e.at().toString(), e.outcome(), String.join(",", d.scenarios()),
                s == null ? null : s.mitigated(), s == null ? null : s.timeToDetect(), s == null ? null : s.timeToAcknowledge(),
                s == null ? null : s.timeToMitigate());
    }

    private static Scorecard score(String report) {
        if (report == null || report.isBlank()) return null;
        try {
            return JSON.readValue(report, Scorecard.class);
        } catch (JacksonException e) {
            return null; // a report of another version: the drill is still listed, without its times
        }
    }

    public static String table(List<Entry> entries) {
        if (entries.isEmpty()) return "no drills in this store yet (pitcrew drill start --dir LAB)\n";
        Columns t = Columns.headed("DRILL", "STARTED", "SCENARIO", "OUTCOME", "DETECT", "ACK", "MITIGATE");
        for (Entry e : entries) {
            boolean running = e.endedAt() == null;
            t.row(e.drill(), MINUTE.format(Instant.parse(e.startedAt())), running ? "(hidden until it ends)" : e.scenario(), e.outcome(),
                    running ? "" : ScorecardText.duration(e.timeToDetect(), "—"),
                    running ? "" : ScorecardText.duration(e.timeToAcknowledge(), "—"),
                    running ? "" : ScorecardText.duration(e.timeToMitigate(), "—"));
        }
        return t.render();
    }
}
