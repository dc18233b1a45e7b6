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

    /**
     * The columns a terminal gives {@code s}, as wcwidth counts them: an arrow or an ellipsis one, a CJK character or
     * an emoji two (a commander or a title typed in Japanese), a combining accent or a zero-width joiner none.
     */
    private static int length(String s) {
        return s.codePoints().map(Columns::width).sum();
    }

    private static int width(int cp) {
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT, Character.CONTROL -> 0;
            default -> wide(cp) ? 2 : 1;
        };
    }

    /** East Asian Wide and Fullwidth (Unicode's EastAsianWidth.txt, W and F), and the emoji blocks shown as wide. */
    private static boolean wide(int cp) {
        return cp >= 0x1100 && cp <= 0x115F          // Hangul Jamo initials
                || cp >= 0x2E80 && cp <= 0x303E      // CJK radicals, Kangxi, ideographic punctuation
                || cp >= 0x3041 && cp <= 0x33FF      // Hiragana, Katakana, Bopomofo, CJK compatibility
                || cp >= 0x3400 && cp <= 0x4DBF      // CJK extension A
                || cp >= 0x4E00 && cp <= 0x9FFF      // CJK unified ideographs
                || cp >= 0xA000 && cp <= 0xA4CF      // Yi
                || cp >= 0xAC00 && cp <= 0xD7A3      // Hangul syllables
                || cp >= 0xF900 && cp <= 0xFAFF      // CJK compatibility ideographs
                || cp >= 0xFE30 && cp <= 0xFE4F      // CJK compatibility forms
                || cp >= 0xFF00 && cp <= 0xFF60      // fullwidth forms
                || cp >= 0xFFE0 && cp <= 0xFFE6
                || cp >= 0x1F300 && cp <= 0x1F64F    // pictographs, emoticons
                || cp >= 0x1F680 && cp <= 0x1F6FF    // transport and map symbols
                || cp >= 0x1F900 && cp <= 0x1FAFF    // supplemental symbols and pictographs
                || cp >= 0x20000 && cp <= 0x3FFFD;   // CJK extensions B and later
    }
}
