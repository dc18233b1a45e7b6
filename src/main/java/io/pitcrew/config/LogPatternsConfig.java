package io.pitcrew.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/** Reads pitcrew.yaml's {@code logPatterns:}: each a regular expression that compiles, else its default. */
final class LogPatternsConfig {

    static final List<String> KEYS = List.copyOf(LogPatterns.defaultSources().keySet());

    private LogPatternsConfig() {}

    /** Each pattern must compile; the problem names the expression's error and where in it. */
    static LogPatterns read(ConfigSection s) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (var e : LogPatterns.defaultSources().entrySet()) {
            String expression = s.text(e.getKey(), e.getValue(), "a regular expression, e.g. " + e.getValue());
            if (expression == null) {
                sources.put(e.getKey(), e.getValue());
                continue;
            }
            try {
                LogPatterns.compile(expression);
                sources.put(e.getKey(), expression);
            } catch (PatternSyntaxException x) {
                s.problem(s.at(e.getKey()), "not a regular expression: " + x.getDescription() + " near index " + x.getIndex(),
                        "fix the expression (Java regex syntax; matched case-insensitively anywhere in a line), or remove "
                                + e.getKey() + " to use the default " + e.getValue());
                sources.put(e.getKey(), e.getValue());
            }
        }
        return LogPatterns.of(sources);
    }
}
