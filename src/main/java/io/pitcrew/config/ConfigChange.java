package io.pitcrew.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One setting that differs from its default, as text a user recognises ({@code 1h30m}, not {@code PT1H30M}).
 * Used to say "thresholds: defaults" or exactly what a config changed.
 */
public record ConfigChange(String key, String value, String defaultValue) {

    /** The components of {@code actual} that differ from {@code defaults}, in declaration order. */
    public static <R extends Record> List<ConfigChange> between(R actual, R defaults) {
        List<ConfigChange> changes = new ArrayList<>();
        for (RecordComponent c : actual.getClass().getRecordComponents()) {
            Object a = get(c, actual);
            Object d = get(c, defaults);
            if (!Objects.equals(a, d)) changes.add(new ConfigChange(c.getName(), text(a), text(d)));
        }
        return changes;
    }

    @Override
    public String toString() {
        return key + " " + value + " (default " + defaultValue + ")";
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    private static String text(Object v) {
        if (v instanceof Duration d) return DurationText.format(d);
        if (v instanceof List<?> list) {
            return "[" + list.stream().map(ConfigChange::text).collect(Collectors.joining(", ")) + "]";
        }
        if (v instanceof Names.Provisioner p) return p.deployment() + "=" + p.baseline();
        return String.valueOf(v);
    }
}
