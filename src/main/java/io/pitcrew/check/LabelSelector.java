package io.pitcrew.check;

import java.util.LinkedHashMap;
import java.util.Map;

/** TEMPORARY until the checks branch lands. */
public record LabelSelector(Map<String, String> required) {
    public static LabelSelector parse(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) throw new IllegalArgumentException("not k=v: " + part);
            m.put(kv[0].trim(), kv[1].trim());
        }
        return new LabelSelector(m);
    }
    public boolean matches(Map<String, String> labels) {
        if (labels == null) return required.isEmpty();
        return required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
