package io.pitcrew.config;

import io.fabric8.kubernetes.api.model.Quantity;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.lang.reflect.RecordComponent;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One mapping of pitcrew.yaml as the section readers ({@code RegionsConfig}, {@code NamesConfig}, ...) see it: reads
 * its keys with defaults and reports what is wrong at the right place. Unknown keys are reported when it is made;
 * every problem goes to the one list {@link ConfigLoader} throws once the whole file is read.
 */
final class ConfigSection {

    /** RFC 1123 label: what Kubernetes requires of namespaces, and what we ask of region names. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern INTEGER_TEXT = Pattern.compile("[-+]?\\d+");

    final JsonNode node;
    final JsonPointer at;
    /** Valid keys that an unknown key was taken for; their absence needs no second problem. */
    final Set<String> suggested = new HashSet<>();
    private final YamlDocument doc;
    private final Path baseDir;
    private final Consumer<Problem> problems;

    private ConfigSection(YamlDocument doc, Path baseDir, Consumer<Problem> problems, JsonNode node, JsonPointer at, List<String> keys) {
        this.doc = doc;
        this.baseDir = baseDir;
        this.problems = problems;
        this.node = node;
        this.at = at;
        for (String key : node.propertyNames()) {
            if (keys.contains(key)) continue;
            Optional<String> nearest = NearestKey.to(key, keys);
            nearest.ifPresent(suggested::add);
            String hint = nearest.map(k -> "did you mean '" + k + "'? ").orElse("remove it; ");
            problem(at(key), "unknown key '" + key + "'", hint + "valid keys here: " + String.join(", ", keys));
        }
    }

    /** The document's root mapping; {@code baseDir} is where the paths it gives are relative to. */
    static ConfigSection root(YamlDocument doc, Path baseDir, Consumer<Problem> problems, List<String> keys) {
        return new ConfigSection(doc, baseDir, problems, doc.root(), JsonPointer.empty(), keys);
    }

    /** Another mapping of the same document (a list's item), at {@code at}. */
    ConfigSection item(JsonNode item, JsonPointer at, List<String> keys) {
        return new ConfigSection(doc, baseDir, problems, item, at, keys);
    }

    /** The directory of the config file: paths in it are relative to this. */
    Path baseDir() {
        return baseDir;
    }

    void problem(JsonPointer where, String message, String fix) {
        problems.accept(doc.problem(where, message, fix));
    }

    JsonPointer at(String key) {
        return at.appendProperty(key);
    }

    /** A nested optional mapping; absent or empty ({@code names:} with nothing under it) means all defaults. */
    ConfigSection section(String key, List<String> keys) {
        JsonNode v = node.get(key);
        if (v != null && !v.isNull() && !v.isObject()) {
            problem(at(key), "expected a mapping of " + key + ", got " + describe(v),
                    "indent the keys under '" + key + ":', like '  " + keys.getFirst() + ": ...', or remove "
                            + key + " to use the defaults");
            v = null;
        }
        return item(v == null || v.isNull() ? JsonNodeFactory.instance.objectNode() : v, at(key), keys);
    }

    /** Text under key; {@code dflt} when absent, or a problem (and null) when required ({@code dflt == null}). */
    String text(String key, String dflt, String what) {
        JsonNode v = node.get(key);
        if (v == null) {
            if (dflt == null) problem(at(key), "missing (required)", "add " + key + ": " + what);
            return dflt;
        }
        if (v.isNull()) {
            problem(at(key), "has no value", "give " + key + " a value (" + what + ")"
                    + (dflt == null || dflt.isEmpty() ? "" : ", or remove it to use the default " + dflt));
            return null;
        }
        if (!v.isString()) {
            String fix = v.isNumber() || v.isBoolean()
                    ? "put it in quotes, like " + key + ": \"" + v + "\", if that is really meant"
                    : "give " + key + " as text: " + what;
            problem(at(key), "expected text, got " + describe(v), fix);
            return null;
        }
        String s = v.stringValue().strip();
        if (s.isEmpty()) {
            problem(at(key), "is empty", "give " + key + " a value (" + what + ")"
                    + (dflt == null || dflt.isEmpty() ? "" : ", or remove it to use the default " + dflt));
            return null;
        }
        return s;
    }

    /**
     * A whole number in {@code [min, max]}; {@code dflt == null} makes it required. Quoted digits are accepted,
     * since "90" is unambiguous. Returns 0 after reporting a problem; the config is then never built.
     */
    int integer(String key, Integer dflt, int min, int max, String what) {
        JsonNode v = node.get(key);
        String range = max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
        String fix = "use a whole number " + range + " (" + what + ")"
                + (dflt == null ? "" : "; the default is " + dflt);
        if (v == null) {
            if (dflt != null) return dflt;
            problem(at(key), "missing (required)", fix);
            return 0;
        }
        OptionalInt parsed = wholeNumber(v);
        if (parsed.isEmpty()) {
            boolean digits = v.isIntegralNumber()
                    || (v.isString() && INTEGER_TEXT.matcher(v.stringValue().strip()).matches());
            String message = v.isNull() ? "has no value"
                    : digits ? "is far too large: " + describe(v)
                    : v.isFloatingPointNumber() ? "expected a whole number, got " + describe(v)
                    : "expected a number, got " + describe(v);
            problem(at(key), message, fix);
            return 0;
        }
        int n = parsed.getAsInt();
        if (n < min || n > max) {
            String bound = n < min ? "at least " + min : "at most " + max;
            problem(at(key), "must be " + bound + ", got " + n, fix);
            return 0;
        }
        return n;
    }

    private static OptionalInt wholeNumber(JsonNode v) {
        if (v.isIntegralNumber()) return v.canConvertToInt() ? OptionalInt.of(v.intValue()) : OptionalInt.empty();
        if (v.isString() && INTEGER_TEXT.matcher(v.stringValue().strip()).matches()) {
            try {
                return OptionalInt.of(Integer.parseInt(v.stringValue().strip()));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** A positive duration like 5s or 1h30m; the default when absent. Returns null after reporting a problem. */
    Duration duration(String key, Duration dflt) {
        JsonNode v = node.get(key);
        if (v == null) return dflt;
        String fix = "write a duration like 500ms, " + DurationText.FORMS + "; the default is " + DurationText.format(dflt);
        if (!v.isString() && !v.isIntegralNumber()) {
            problem(at(key), v.isNull() ? "has no value" : "expected a duration, got " + describe(v), fix);
            return null;
        }
        String text = v.isString() ? v.stringValue() : v.toString();
        try {
            Duration d = DurationText.parse(text);
            if (d.isZero()) {
                problem(at(key), "must be more than zero, got " + text.strip(), fix);
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(at(key), e.getMessage(), fix);
            return null;
        }
    }

    /**
     * A positive Kubernetes quantity under key (numbers are accepted as text: {@code provisionerCpu: 2}); the default
     * when absent, and after reporting one that is not.
     */
    String quantity(String key, String dflt, String what) {
        JsonNode v = node.get(key);
        String text = v != null && v.isNumber() ? v.asString() : text(key, dflt, what);
        if (text == null) return dflt;
        try {
            if (Quantity.parse(text).getNumericalAmount().signum() > 0) return text;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problem(at(key), "'" + text + "' is not a positive Kubernetes quantity", "write " + what + "; the default is " + dflt);
        return dflt;
    }

    /**
     * A file's path under key, relative to the config file; empty when absent or empty, and after reporting text
     * that is no path (the fix names {@code example}).
     */
    Optional<Path> path(String key, String what, String example) {
        String text = text(key, "", what);
        if (text == null || text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(baseDir.resolve(text).normalize());
        } catch (InvalidPathException e) {
            problem(at(key), "'" + text + "' is not a valid path: " + e.getReason(), "give a file path, relative to the config file, like " + example);
            return Optional.empty();
        }
    }

    /** A text that was given and is not empty; null (already reported) and "" are absent. */
    static Optional<String> given(String text) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** What a user wrote, said back to them: 'ninety', 90.5, true, a list, a mapping, nothing. */
    static String describe(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "nothing";
        if (n.isString()) {
            String s = n.stringValue();
            return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
        }
        if (n.isArray()) return "a list";
        if (n.isObject()) return "a mapping";
        return n.toString();
    }

    /** What a value is, never what it says: for files that hold secrets (a kubeconfig's tokens and keys). */
    static String kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "nothing";
        if (n.isString()) return "text";
        if (n.isArray()) return "a list";
        if (n.isObject()) return "a mapping";
        if (n.isBoolean()) return "true or false";
        return "a number";
    }

    /** The keys a section may have: the record's components, so a new field cannot be forgotten by the reader. */
    static List<String> keysOf(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
