package io.pitcrew.cli;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A value of {@code -o/--output}: what a command's result is printed as. Which command has which: {@link Formats}. */
enum OutputFormat {
    TABLE, WIDE, JSON, YAML, MARKDOWN;

    // Each mapper is built when its format is first written, not when the formats are: every command's help names
    // them, and most runs print a table. Building one is Jackson's start-up, tens of milliseconds.
    private static final class JsonWriter {
        static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    // No "---" before the document and no quotes a reader does not need, as kubectl writes it; strings that look
    // like numbers stay quoted, so YAML and JSON parse to the same tree.
    private static final class YamlWriter {
        static final YAMLMapper MAPPER = YAMLMapper.builder()
                .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build();
    }

    /** As typed after {@code -o}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<OutputFormat> named(String value) {
        return Arrays.stream(values()).filter(f -> f.id().equals(value.strip().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** JSON and YAML: the data itself, for scripts, rather than a view of it. */
    boolean isData() {
        return this == JSON || this == YAML;
    }

    /**
     * The data as JSON or YAML: one data model written by the same databind rules, so both have the same field names
     * and parse to the same tree.
     */
    String write(Object data) {
        return switch (this) {
            case JSON -> JsonWriter.MAPPER.writeValueAsString(data) + "\n";
            case YAML -> YamlWriter.MAPPER.writeValueAsString(data);
            case TABLE, WIDE, MARKDOWN -> throw new IllegalStateException("-o " + id() + " is a view, not data");
        };
    }
}
