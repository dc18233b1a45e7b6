package io.pitcrew.build;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md's rooms table says what {@link RoomsTest} holds: the same rooms, each using the same rooms and
 * classes. Either changed alone fails here, so the doc cannot drift from the rules.
 */
class RoomsDocTest {

    static final String HEADER = "| package | what lives there | rooms it uses (held by `build.RoomsTest`) | libraries |";
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    @Test
    void theDocTableNamesTheRoomsAndTheirUsesAsTheRulesDo() throws IOException {
        Map<String, List<String>> doc = table(Files.readString(Path.of("docs/architecture.md")));

        assertThat(doc.keySet()).containsExactlyInAnyOrderElementsOf(RoomsTest.ROOMS.keySet());
        for (var row : RoomsTest.ROOMS.entrySet()) {
            assertThat(doc.get(row.getKey())).as("what docs/architecture.md says %s uses", row.getKey())
                    .containsExactlyInAnyOrderElementsOf(row.getValue());
        }
    }

    @Test
    void aRowThatDiffersFromTheRulesIsSeen() {
        // the reading is what the comparison rests on: a use the rules do not have shows as one
        Map<String, List<String>> doc = table(String.join("\n", HEADER, "|---|---|---|---|",
                "| `text` | tables | nothing | nothing |",
                "| `cli` | commands | every room | picocli |",
                "| `store` | the store | `redact`, `observe.Sweep` (no) | Flyway |",
                "", "after the table: `yaml` | `x` |"));

        assertThat(doc).containsOnlyKeys("text", "cli", "store");
        assertThat(doc.get("text")).isEmpty();
        assertThat(doc.get("cli")).containsExactly(RoomsTest.EVERY_ROOM);
        assertThat(doc.get("store")).containsExactly("redact", "observe.Sweep").isNotEqualTo(RoomsTest.ROOMS.get("store"));
    }

    /** Room → the names in backticks of its "rooms it uses" cell; "every room" for cli, nothing for "nothing". */
    static Map<String, List<String>> table(String markdown) {
        List<String> lines = markdown.lines().toList();
        int at = lines.indexOf(HEADER);
        assertThat(at).as("docs/architecture.md has the rooms table, headed %s", HEADER).isNotNegative();
        Map<String, List<String>> rooms = new LinkedHashMap<>();
        for (String line : lines.subList(at + 2, lines.size())) {
            if (!line.startsWith("| ")) break;
            String[] cells = line.split(" \\| ");
            assertThat(cells).as("a row of four cells: %s", line).hasSize(4);
            Matcher room = NAME.matcher(cells[0]);
            assertThat(room.find()).as("a room in backticks: %s", cells[0]).isTrue();
            rooms.put(room.group(1), uses(cells[2]));
        }
        return rooms;
    }

    private static List<String> uses(String cell) {
        if (cell.equals(RoomsTest.EVERY_ROOM)) return List.of(RoomsTest.EVERY_ROOM);
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(cell);
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
