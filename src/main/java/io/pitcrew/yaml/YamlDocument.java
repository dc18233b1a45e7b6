package io.pitcrew.yaml;

import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A YAML document read into a tree, remembering the line each value started on, so that validation can say
 * "pitcrew.yaml:12: regions[1].role: ..." instead of just "invalid config". Jackson's tree does not keep
 * locations, so one streaming pass records them by JSON pointer.
 */
public final class YamlDocument {

    /**
     * The largest file pitcrew parses as YAML: a kubeconfig holding many clusters' certificates (a cluster with its
     * CA and a user with a client certificate and key are about 8 KB, so some 500 clusters). Larger is not a
     * kubeconfig someone meant: it is refused before it is parsed, which at 10 MB takes seconds and a lot of heap.
     */
    public static final int LARGEST_FILE = 4 << 20;

    // A key given twice would otherwise silently keep the last value; a user who wrote two thresholds: blocks
    // should hear about it. The parser's own limit (SnakeYAML's 3 MB by default) at the largest file pitcrew reads, a kubeconfig: files are
    // measured before they are parsed (TextFile), and a legitimate large kubeconfig must not fail here instead.
    // (rebuild(): YAMLFactory.builder() starts without the default read features, empty-as-null among them.)
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory().rebuild()
                    .loadSettings(LoadSettings.builder().setCodePointLimit(LARGEST_FILE).build()).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** A Java class named in a parser's message, "(java.lang.NumberFormatException)": ours to know, not the user's. */
    private static final Pattern JAVA_CLASS = Pattern.compile("\\s*\\((?:java|javax|tools|org|com)\\.[\\w.$]+\\)");

    private final String source;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(String source, JsonNode root, Map<String, Integer> lines) {
        this.source = source;
        this.root = root;
        this.lines = lines;
    }

    /** Reads a file of at most {@link TextFile.Limits#CONFIG}; a missing, unreadable or malformed file is an {@link InvalidInputException}. */
    public static YamlDocument read(Path file) {
        return read(file, TextFile.Limits.CONFIG);
    }

    /** Reads a file within {@code limits}, checked before the YAML parser sees a byte of it. */
    public static YamlDocument read(Path file, TextFile.Limits limits) {
        return parse(file.toString(), TextFile.read(file, limits));
    }

    /** Parses text; {@code source} names it in problems. */
    public static YamlDocument parse(String source, String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) continue;
                // For a key or a value, the context's path is the path of that value (the property or array
                // index). The key comes first, so a block mapping or list is reported on its key's line
                // ("thresholds:"), where the user looks, not on the line of its first child.
                JsonPointer ptr = p.streamReadContext().pathAsPointer();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    ptr = p.streamReadContext().getParent() == null ? JsonPointer.empty()
                            : p.streamReadContext().getParent().pathAsPointer();
                }
                lines.putIfAbsent(ptr.toString(), p.currentTokenLocation().getLineNr());
            }
            JsonNode root = YAML.readTree(text);
            return new YamlDocument(source, root == null ? MissingNode.getInstance() : root, lines);
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            String msg = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
            int line = loc == null ? 0 : Math.max(loc.getLineNr(), 0);
            if (msg != null && msg.startsWith("Duplicate")) {
                throw new InvalidInputException(new Problem(source, line, "", "key given twice: " + firstLine(msg),
                        "keep one of them; a key may appear only once in a mapping"));
            }
            throw new InvalidInputException(new Problem(source, line, "",
                    "not valid YAML: " + firstLine(msg), "fix the YAML syntax at that line (indentation, quotes, colons)"));
        }
    }

    public String source() { return source; }

    public JsonNode root() { return root; }

    /** The line a value's key is on (or the value's own line for list items and the root), walking up to the nearest parent that has one; 0 if unknown. */
    public int line(JsonPointer pointer) {
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            Integer line = lines.get(p.toString());
            if (line != null) return line;
            if (p.matches()) break;
        }
        return 0;
    }

    /** A problem at the value under {@code pointer}. */
    public Problem problem(JsonPointer pointer, String message, String fix) {
        return new Problem(source, line(pointer), readable(pointer), message, fix);
    }

    /** {@code /regions/1/role} as {@code regions[1].role}. */
    public static String readable(JsonPointer pointer) {
        StringBuilder b = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) b.append('[').append(p.getMatchingIndex()).append(']');
            else b.append(b.isEmpty() ? "" : ".").append(p.getMatchingProperty());
        }
        return b.toString();
    }

    /** The parser's message's first line, without the Java classes it names. */
    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return JAVA_CLASS.matcher(nl < 0 ? s : s.substring(0, nl)).replaceAll("");
    }
}
