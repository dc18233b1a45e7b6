package io.pitcrew.doctor;

import io.pitcrew.check.Evidence;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Step;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The report as one JSON document, both ways: {@code pitcrew serve} writes its latest diagnosis with it
 * ({@code GET /api/report}), and {@code pitcrew doctor --server} reads it back into the very records doctor's own
 * sweep makes, so every format renders it as it renders a sweep. The fields are the records' components, the same as
 * {@code doctor -o json} prints.
 */
public final class ReportJson {

    // a newer serve may say more than this doctor knows: what it knows is read, the rest left
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private ReportJson() {}

    public static String write(DoctorReport report) {
        return JSON.writeValueAsString(report);
    }

    /**
     * The report in {@code text}, whole: every field a renderer reads is there, or this is not a report.
     *
     * @throws NotAReport saying what is missing or unreadable (never the text itself)
     */
    public static DoctorReport read(String text) {
        DoctorReport report;
        try {
            report = JSON.readValue(text, DoctorReport.class);
        } catch (StreamReadException e) {
            throw new NotAReport("not JSON");
        } catch (JacksonException e) {
            // where, not Jackson's words (they name Java types): the reader knows the document's fields
            throw new NotAReport(e.getPath().isEmpty() ? "not a JSON object" : "a missing or unexpected value at " + where(e.getPath()));
        }
        if (report == null) throw new NotAReport("empty");
        required(report.observedAt(), "observedAt");
        list(report.regions(), "regions").forEach(r -> {
            required(r.name(), "regions[].name");
            required(r.status(), "regions[].status");
            list(r.gaps(), "regions[].gaps");
        });
        list(report.notAsked(), "notAsked");
        list(report.findings(), "findings").forEach(ReportJson::check);
        return report;
    }

    /** {@code findings[0].severity}. */
    private static String where(List<JacksonException.Reference> path) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null) b.append(b.isEmpty() ? "" : ".").append(r.getPropertyName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }

    /** The {@code error} of one of serve's JSON error answers ({@code {"error": "..."}}); empty for anything else. */
    static Optional<String> apiError(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isString() ? Optional.of(error.stringValue()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static void check(Finding f) {
        required(f.incidentType(), "findings[].incidentType");
        required(f.cause(), "findings[].cause");
        required(f.title(), "findings[].title");
        required(f.severity(), "findings[].severity");
        required(f.summary(), "findings[].summary");
        required(f.runbook(), "findings[].runbook");
        list(f.regions(), "findings[].regions");
        for (Evidence e : list(f.evidence(), "findings[].evidence")) {
            required(e.region(), "findings[].evidence[].region");
            required(e.kind(), "findings[].evidence[].kind");
            required(e.name(), "findings[].evidence[].name");
            required(e.detail(), "findings[].evidence[].detail");
        }
        for (Step s : list(f.actions(), "findings[].actions")) required(s.title(), "findings[].actions[].title");
    }

    private static void required(Object value, String field) {
        if (value == null) throw new NotAReport("no " + field);
    }

    private static <T> List<T> list(List<T> value, String field) {
        required(value, field);
        if (value.stream().anyMatch(Objects::isNull)) throw new NotAReport("a null in " + field);
        return value;
    }

    /** A document that is not a whole report: what is wrong with it, for one line. */
    public static final class NotAReport extends RuntimeException {
        NotAReport(String what) {
            super(what);
        }
    }
}
