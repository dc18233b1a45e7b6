package io.pitcrew.yaml;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Inputs a user (or an upstream) could give pitcrew, made from a valid one by a few edits: as text (a line lost, doubled
 * or re-indented, a value replaced by something hostile, the file cut short) and as a tree (any value turned into
 * another type). The edits are small numbers jqwik can shrink, so a failure ends as the one edit that breaks.
 */
public final class Mutated {

    /** Values that have broken parsers and readers before: wrong types, overflow, YAML's own tricks, control characters. */
    public static final List<String> HOSTILE = List.of("", "~", "null", "-1", "0", "1e400", "99999999999999999999", "-9223372036854775809",
            "[]", "{}", "[a, b]", "{a: 1}", "'unterminated", "\"\\u0000\"", "!!binary AAAA", "!!python/object/apply:os.system [ls]",
            "&a x", "*a", "*undefined", "<<: {}", "true", "2026-13-45T99:99:99Z", "\t", "- x", "x".repeat(3000), "-5m", "1h1h",
            "P99999999999D", "99999999999999999999d", "https://", "\u202e\u0000\u0007", "%", "@x", "`x`", "? complex", "|", ">-",
            "key: value: other", "0x7FFFFFFF", "0o777", ".nan", "-.inf", "{{ .Values }}", "$(rm -rf /)", "../../etc/passwd");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Mutated() {}

    /** One to four text edits of {@code valid}. */
    public static Arbitrary<String> text(String valid) {
        return edit().list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            String t = valid;
            for (Edit e : edits) t = e.applyTo(t);
            return t;
        });
    }

    /** {@code valid} YAML with one to three values turned into another type, written back as YAML. */
    public static Arbitrary<String> yamlTree(String valid) {
        JsonNode root = YAML.readTree(valid);
        return swap().list().ofMinSize(1).ofMaxSize(3).map(swaps -> YAML.writeValueAsString(swapped(root, swaps)));
    }

    /** {@code valid} JSON with one to three values turned into another type. */
    public static Arbitrary<String> jsonTree(String valid) {
        JsonNode root = JSON.readTree(valid);
        return swap().list().ofMinSize(1).ofMaxSize(3).map(swaps -> JSON.writeValueAsString(swapped(root, swaps)));
    }

    /** Text edits and tree swaps of a YAML document, half and half. */
    public static Arbitrary<String> yaml(String valid) {
        return Arbitraries.oneOf(text(valid), yamlTree(valid));
    }

    /** Text edits and tree swaps of a JSON document, half and half. */
    public static Arbitrary<String> json(String valid) {
        return Arbitraries.oneOf(text(valid), jsonTree(valid));
    }

    private static Arbitrary<Edit> edit() {
        return Combinators.combine(Arbitraries.of(EditKind.class), Arbitraries.integers().between(0, 100_000),
                Arbitraries.of(HOSTILE)).as(Edit::new);
    }

    private static Arbitrary<Swap> swap() {
        return Combinators.combine(Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 9)).as(Swap::new);
    }

    enum EditKind { DELETE_LINE, DOUBLE_LINE, REPLACE_VALUE, INDENT, DEDENT, INSERT, TRUNCATE, SWAP_LINES }

    record Edit(EditKind kind, int at, String hostile) {
        String applyTo(String text) {
            if (text.isEmpty()) return hostile;
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            int i = at % lines.size();
            String line = lines.get(i);
            switch (kind) {
                case DELETE_LINE -> lines.remove(i);
                case DOUBLE_LINE -> lines.add(i, line);
                case REPLACE_VALUE -> {
                    int colon = line.indexOf(": ");
                    String indent = line.substring(0, line.length() - line.stripLeading().length());
                    lines.set(i, colon < 0 ? indent + "- " + hostile : line.substring(0, colon + 2) + hostile);
                }
                case INDENT -> lines.set(i, "  " + line);
                case DEDENT -> lines.set(i, line.stripLeading());
                case INSERT -> lines.add(i, hostile);
                case TRUNCATE -> {
                    return text.substring(0, at % text.length());
                }
                case SWAP_LINES -> {
                    int j = (i + 1) % lines.size();
                    lines.set(i, lines.get(j));
                    lines.set(j, line);
                }
            }
            return String.join("\n", lines);
        }
    }

    /** The {@code at}-th value of the tree (in document order, modulo its size) becomes value kind {@code to}. */
    record Swap(int at, int to) {
        JsonNode replacement() {
            JsonNodeFactory f = JsonNodeFactory.instance;
            return switch (to) {
                case 0 -> f.nullNode();
                case 1 -> f.numberNode(-1);
                case 2 -> f.stringNode("");
                case 3 -> f.stringNode("x".repeat(5000));
                case 4 -> f.arrayNode();
                case 5 -> f.objectNode();
                case 6 -> f.booleanNode(true);
                case 7 -> f.numberNode(Double.MAX_VALUE);
                case 8 -> f.arrayNode().add(f.objectNode().put("unexpected", "field"));
                default -> f.stringNode("\u0000\u202e");
            };
        }
    }

    private static JsonNode swapped(JsonNode root, List<Swap> swaps) {
        JsonNode copy = root.deepCopy();
        for (Swap s : swaps) {
            List<Slot> slots = new ArrayList<>();
            collect(copy, slots);
            if (slots.isEmpty()) return s.replacement();
            slots.get(s.at() % slots.size()).set(s.replacement());
        }
        return copy;
    }

    /** Where a value sits: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) o.set(field, value);
            else ((ArrayNode) parent).set(index, value);
        }
    }

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode o) {
            for (String name : o.propertyNames()) {
                slots.add(new Slot(o, name, -1));
                collect(o.get(name), slots);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new Slot(a, null, i));
                collect(a.get(i), slots);
            }
        }
    }
}
