package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.Secret;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns listed Secrets into {@link CredentialSecret}s: names, times and an expiry, never a data value. */
public final class CredentialSecrets {

    /**
     * Annotations that may say when a credential expires, first match wins: pitcrew's own, then names rotation
     * tooling commonly writes. The value is an RFC 3339 time; anything else is ignored (no expiry known).
     */
    static final List<String> EXPIRY_ANNOTATIONS = CredentialSecret.EXPIRY_ANNOTATIONS;

    private CredentialSecrets() {}

    /** One entry per configured name, present or missing, from a list of every secret that was read. */
    public static List<CredentialSecret> of(List<Secret> secrets, String namespace, List<String> names) {
        List<CredentialSecret> out = new ArrayList<>();
        for (String name : names) {
            Secret s = secrets.stream().filter(x -> x.getMetadata() != null && namespace.equals(x.getMetadata().getNamespace())
                    && name.equals(x.getMetadata().getName())).findFirst().orElse(null);
            if (s == null) {
                out.add(CredentialSecret.missing(namespace, name));
                continue;
            }
            Instant created = parse(s.getMetadata().getCreationTimestamp());
            Instant written = PullSecrets.writtenAt(s);
            Map<String, String> annotations = s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations();
            Instant expires = null;
            String from = "";
            for (String a : EXPIRY_ANNOTATIONS) {
                Instant t = parse(annotations.get(a));
                if (t != null) {
                    expires = t;
                    from = a;
                    break;
                }
            }
            out.add(new CredentialSecret(namespace, name, true, created, written, expires, from));
        }
        return List.copyOf(out);
    }

    private static Instant parse(String t) {
        if (t == null || t.isBlank()) return null;
        try {
            return OffsetDateTime.parse(t.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
