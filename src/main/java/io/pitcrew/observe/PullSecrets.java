package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Secret;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Turns listed Secrets into {@link PullSecret}s, keeping registry hosts and times and nothing secret. */
public final class PullSecrets {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PullSecrets() {}

    public static List<PullSecret> of(List<Secret> secrets) {
        List<PullSecret> out = new ArrayList<>();
        for (Secret s : secrets) {
            String key = switch (s.getType() == null ? "" : s.getType()) {
                case "kubernetes.io/dockerconfigjson" -> ".dockerconfigjson";
                case "kubernetes.io/dockercfg" -> ".dockercfg";
                default -> null;
            };
            if (key == null) continue;
            out.add(new PullSecret(s.getMetadata().getNamespace(), s.getMetadata().getName(),
                    registries(s.getData(), key), writtenAt(s)));
        }
        return List.copyOf(out);
    }

    /** The hosts of the config's "auths" (or, for the old .dockercfg, its top-level keys); never the auth values. */
    private static List<String> registries(Map<String, String> data, String key) {
        if (data == null || data.get(key) == null) return List.of();
        try {
            JsonNode config = JSON.readTree(new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8));
            JsonNode auths = key.equals(".dockerconfigjson") ? config.path("auths") : config;
            List<String> hosts = new ArrayList<>();
            auths.propertyNames().forEach(h -> hosts.add(h.replaceFirst("^https?://", "").replaceFirst("/.*$", "")));
            return List.copyOf(hosts);
        } catch (RuntimeException e) {
            // A malformed secret is reported by what it lacks (no registries), never by echoing its content.
            return List.of();
        }
    }

    /** When a secret was last written: its newest managedFields time, else its creation (also refresh-pull-secret's test of freshness). */
    public static Instant writtenAt(Secret s) {
        Instant latest = parse(s.getMetadata().getCreationTimestamp());
        if (s.getMetadata().getManagedFields() != null) {
            for (ManagedFieldsEntry m : s.getMetadata().getManagedFields()) {
                Instant t = parse(m.getTime());
                if (t != null && (latest == null || t.isAfter(latest))) latest = t;
            }
        }
        return latest;
    }

    private static Instant parse(String t) {
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
