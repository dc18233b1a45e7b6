package io.pitcrew.doctor;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The output formats of {@code pitcrew doctor -o}. */
public enum Format {
    TABLE, JSON, MARKDOWN;

    private static final JsonMapper JSON_MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public String render(DoctorReport report) {
        return switch (this) {
            case TABLE -> new TableReport(report, 100).render();
            case MARKDOWN -> MarkdownReport.render(report);
            case JSON -> JSON_MAPPER.writeValueAsString(report) + "\n";
        };
    }
}
