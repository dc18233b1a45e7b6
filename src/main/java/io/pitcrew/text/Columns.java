package io.pitcrew.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A plain-text table sized to its content: each column as wide as its widest cell (the header is a row like any
 * other), two spaces between columns, nothing after the last cell. So a 20-character region name or a long action id
 * moves the next column over instead of pushing one row out of line, and {@code grep}, {@code cut} and {@code awk} see
 * exactly what a person sees: no padding at line ends, no colours.
 *
 * <p>Not picocli's {@code Help.TextTable}: that one needs the widths up front, breaks a cell longer than its column in
 * mid-word onto the next line, and would bring the CLI library into the packages that render reports.
 */
public final class Columns {

    private static final String GAP = "  ";

    private sealed interface Line permits Cells, Note {}

    private record Cells(List<String> cells) implements Line {}

    private record Note(String text) implements Line {}

    private final List<Line> lines = new ArrayList<>();

    private Columns() {}

    /** A table whose first row is these headers. */
    public static Columns headed(String... headers) {
        return new Columns().row((Object[]) headers);
    }

    /** A table without headers (label / value pairs). */
    public static Columns plain() {
        return new Columns();
    }

    /** One row; a cell is one line (a line break in it becomes a space), {@code null} is an empty cell. */
    public Columns row(Object... cells) {
        lines.add(new Cells(Arrays.stream(cells).map(c -> c == null ? "" : c.toString().replaceAll("\\R", " ")).toList()));
        return this;
    }

    /**
     * A line of its own under the row before it (what a region could not read, why it was unreachable): printed as
     * given after the indent and not measured, so a long reason does not widen a column.
     */
    public Columns note(String text) {
        lines.add(new Note(text));
        return this;
    }

    /** Every row on its own line, each after {@code indent}; no line ends in a space. */
    public String render(String indent) {
        int[] widths = widths();
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            StringBuilder b = new StringBuilder(indent);
            switch (line) {
                case Note n -> b.append(n.text());
                case Cells row -> {
                    List<String> cells = row.cells();
                    for (int c = 0; c < cells.size(); c++) {
                        b.append(cells.get(c));
                        if (c < cells.size() - 1) b.append(" ".repeat(widths[c] - length(cells.get(c)))).append(GAP);
                    }
                }
            }
            out.append(b.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public String render() {
        return render("");
    }

    private int[] widths() {
        List<List<String>> rows = lines.stream().flatMap(l -> l instanceof Cells c ? Stream.of(c.cells()) : Stream.empty()).toList();
        int[] widths = new int[rows.stream().mapToInt(List::size).max().orElse(0)];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) widths[c] = Math.max(widths[c], length(row.get(c)));
        }
        return widths;
    }

    /** What a terminal shows: code points, so an arrow or an ellipsis counts one. */
    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
