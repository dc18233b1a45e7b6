package io.pitcrew.cli;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What may differ between {@code pitcrew doctor -o FORMAT} from a sweep and from {@code pitcrew serve}'s report of the
 * same platform, and nothing else:
 * <ul>
 *   <li>when and how fast it was diagnosed: {@code observedAt}, {@code tookMillis} (the report's and each region's),
 *       {@code source}; in the views the TOOK column, the summary's seconds and the Markdown title's time;</li>
 *   <li>durations up to that moment, as the checks write them ({@code pending 7m}, {@code (4m ago)},
 *       {@code for 2h05m}): the two diagnoses are seconds apart (any token of that form is taken for one);</li>
 *   <li>in {@code -o table}, where a line over 100 characters is cut, when an age before the cut is longer or shorter.</li>
 * </ul>
 * The regions, their order, statuses and counts, what could not be asked, every finding, its evidence in order and
 * its steps are the same.
 */
public final class SameDiagnosis {

    /** A duration as the checks write one (45s, 7m, 2h05m); any such token, to the moment of diagnosis or not. */
    private static final Pattern AGE = Pattern.compile("(?<![\\w.:-])\\d+(?:h\\d{2}m|m|s)(?!\\w)");
    private static final Pattern SECONDS = Pattern.compile("(?<![\\w.])\\d+\\.\\d{2}s(?![A-Za-z])");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    private SameDiagnosis() {}

    public static void assertSame(String format, String direct, String served) {
        switch (format) {
            case "json" -> assertThat(data(served, JsonMapper.builder().build().readTree(served))).as("-o json")
                    .isEqualTo(data(direct, JsonMapper.builder().build().readTree(direct)));
            case "yaml" -> assertThat(data(served, YAMLMapper.builder().build().readTree(served))).as("-o yaml")
                    .isEqualTo(data(direct, YAMLMapper.builder().build().readTree(direct)));
            default -> assertSameLines(format, view(direct), view(served));
        }
    }

    /** The document without its timings and source, ages as N. */
    private static String data(String text, JsonNode doc) {
        assertThat(doc.isObject()).as(text).isTrue();
        ObjectNode o = (ObjectNode) doc;
        o.remove(List.of("observedAt", "tookMillis", "source"));
        o.path("regions").forEach(r -> ((ObjectNode) r).remove("tookMillis"));
        return AGE.matcher(o.toPrettyString()).replaceAll("N");
    }

    private static List<String> view(String text) {
        return text.lines().map(l -> INSTANT.matcher(SECONDS.matcher(AGE.matcher(l).replaceAll("N")).replaceAll("T")).replaceAll("INSTANT")).toList();
    }

    private static void assertSameLines(String format, List<String> direct, List<String> served) {
        assertThat(served).as("-o " + format + " lines").hasSameSizeAs(direct);
        for (int i = 0; i < direct.size(); i++) {
            String d = direct.get(i);
            String s = served.get(i);
            if (d.endsWith("…") || s.endsWith("…")) {
                // cut at 100 characters: where, and whether, depends on the ages before the cut
                String dc = d.replaceAll("…$", "");
                String sc = s.replaceAll("…$", "");
                assertThat(dc.startsWith(sc) || sc.startsWith(dc)).as("-o " + format + " line " + (i + 1) + ":\n" + d + "\n" + s).isTrue();
            } else {
                assertThat(s).as("-o " + format + " line " + (i + 1)).isEqualTo(d);
            }
        }
    }
}
