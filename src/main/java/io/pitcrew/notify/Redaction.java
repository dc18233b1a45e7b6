package io.pitcrew.notify;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The last line of defence for "secrets never leave the process": every text a notification sends or reports
 * (payloads, failure reasons, attempt details) passes through {@link #scrub} with all configured secrets, so a
 * secret pasted into an incident summary or echoed in a service's error is replaced before it goes anywhere.
 */
public final class Redaction {

    static final String MARK = "[redacted]";

    private final List<String> secrets;

    public Redaction(List<String> secrets) {
        // Longest first, so a secret that contains another is replaced whole.
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4)
                .sorted(Comparator.comparingInt(String::length).reversed()).distinct().toList();
    }

    public static Redaction none() {
        return new Redaction(List.of());
    }

    public Redaction with(String secret) {
        return new Redaction(java.util.stream.Stream.concat(secrets.stream(), java.util.stream.Stream.of(secret)).toList());
    }

    public String scrub(String text) {
        if (text == null) return "";
        String out = text;
        for (String s : secrets) out = out.replace(s, MARK);
        return out;
    }

    @Override
    public String toString() {
        return "Redaction[" + secrets.size() + " secrets]";
    }
}
