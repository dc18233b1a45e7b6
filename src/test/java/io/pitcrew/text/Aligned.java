package io.pitcrew.text;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The check every table test makes: each column starts at the same offset on every line, and no line ends in a space. */
public final class Aligned {

    private Aligned() {}

    /**
     * {@code lines}: a header (columns two or more spaces apart) and its rows. Every row has at each column's offset
     * the start of a cell: two spaces before it (or the line's start) and no space at it.
     */
    public static void columns(List<String> lines) {
        assertThat(lines).as("a header and rows").hasSizeGreaterThan(1);
        List<Integer> starts = starts(lines.getFirst());
        assertThat(starts).as("columns of " + lines.getFirst()).hasSizeGreaterThan(1);
        for (String line : lines) {
            assertThat(line).as("no space at the end").doesNotEndWith(" ");
            for (int start : starts) {
                assertThat(line.length()).as("a cell at " + start + " in\n" + String.join("\n", lines)).isGreaterThan(start);
                boolean cellStarts = line.charAt(start) != ' ' && (start == indent(lines.getFirst())
                        || line.charAt(start - 1) == ' ' && line.charAt(start - 2) == ' ');
                assertThat(cellStarts).as("column at " + start + " in line '" + line + "' of\n" + String.join("\n", lines)).isTrue();
            }
        }
    }

    /** Where each header starts: after the indent, then after every run of two or more spaces. */
    private static List<Integer> starts(String header) {
        List<Integer> starts = new ArrayList<>();
        starts.add(indent(header));
        for (int i = indent(header) + 2; i < header.length(); i++) {
            if (header.charAt(i) != ' ' && header.charAt(i - 1) == ' ' && header.charAt(i - 2) == ' ') starts.add(i);
        }
        return starts;
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}
