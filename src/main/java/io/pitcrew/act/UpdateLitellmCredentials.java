package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;
import io.pitcrew.observe.CredentialSecret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runbook §3 "Rotate the AWS IAM role credentials, update secret litellm-aws-credentials with the new values, restart
 * LiteLLM". The new values come from stdin or environment variables (the CLI reads them), never from the command
 * line; the keys given are replaced, the others kept. Plans, output and the audit log name the keys, never a value,
 * and keep no old value: there is no inverse.
 */
final class UpdateLitellmCredentials implements Action {

    @Override
    public String id() { return "update-litellm-credentials"; }

    @Override
    public String summary() {
        return "Replace LiteLLM's credentials secret (values from stdin or environment variables), then restart LiteLLM";
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("secret", "NAME", "the secret (default litellm-aws-credentials; or litellm-gcp-credentials)"),
                new Parameter("from-stdin", "", "read KEY=VALUE lines from stdin"),
                new Parameter("from-env", "NAME,...", "take each variable's value under its own name as key"),
                new Parameter("expires-at", "TIME", "when the new credentials expire (RFC 3339), written to pitcrew.io/expires-at; "
                        + "without it an expiry annotation of the old credentials is removed"));
    }

    @Override
    public Plan plan(Platform platform, Parameters p) {
        Map<String, String> given = p.secrets().values();
        if (given.isEmpty()) {
            throw new IllegalArgumentException("update-litellm-credentials needs the new values: --from-stdin (KEY=VALUE lines) "
                    + "or --from-env AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY");
        }
        Names names = platform.config().names();
        Region cp = platform.controlPlane();
        String name = p.text("secret").orElse("litellm-aws-credentials");
        Secret s = platform.call(cp, "get", "secrets", names.litellmNamespace(),
                () -> platform.client(cp).secrets().inNamespace(names.litellmNamespace()).withName(name).get());
        if (s == null) {
            return Plan.refused(id(), p, List.of(), "secret " + names.litellmNamespace() + "/" + name + " does not exist in " + cp.name()
                    + "; pitcrew replaces credentials, it does not create the secret (give --secret NAME)");
        }
        Map<String, String> data = new TreeMap<>(s.getData() == null ? Map.of() : s.getData());
        List<Change> changes = new ArrayList<>();
        boolean changed = false;
        for (var e : new TreeMap<>(given).entrySet()) {
            String encoded = Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8));
            String current = data.get(e.getKey());
            boolean same = current != null && MessageDigest.isEqual(current.getBytes(StandardCharsets.UTF_8), encoded.getBytes(StandardCharsets.UTF_8));
            changes.add(new Change(cp.name(), Edit.describe(s), "data[" + e.getKey() + "]", current == null ? "(absent)" : "(set)",
                    same ? "(set)" : "(new value)"));
            changed |= !same;
            data.put(e.getKey(), encoded);
        }
        if (!changed) return Plan.alreadyInEffect(id(), p, changes);
        // An expiry annotation described the credentials being replaced: it is set to the new expiry, or removed, so
        // doctor does not keep calling fresh credentials expired.
        Map<String, String> annotations = new TreeMap<>(s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations());
        Optional<String> expires = p.text("expires-at");
        if (expires.isPresent()) {
            try {
                OffsetDateTime.parse(expires.get());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--expires-at must be an RFC 3339 time like 2026-11-26T06:00:00Z, not " + expires.get());
            }
        }
        for (String a : CredentialSecret.EXPIRY_ANNOTATIONS) {
            String old = annotations.get(a);
            boolean ours = a.equals(CredentialSecret.EXPIRY_ANNOTATIONS.getFirst());
            if (ours && expires.isPresent()) {
                changes.add(new Change(cp.name(), Edit.describe(s), "metadata.annotations[" + a + "]", old == null ? "(none)" : old, expires.get()));
                annotations.put(a, expires.get());
            } else if (old != null) {
                changes.add(new Change(cp.name(), Edit.describe(s), "metadata.annotations[" + a + "]", old, "(removed)"));
                annotations.remove(a);
            }
        }
        Secret updated = new SecretBuilder(s).withData(data).editMetadata().withAnnotations(annotations).endMetadata().build();
        List<Edit> edits = new ArrayList<>(List.of(new Edit.Update(cp.name(), s, updated)));
        Plan restart = RestartCoder.restart(id(), p, platform, List.of(cp), names.litellmNamespace(), names.litellmDeployment(),
                "litellmDeployment");
        if (restart.isRefused()) return restart;
        changes.addAll(restart.changes());
        edits.addAll(restart.edits());
        return Plan.toApply(id(), p, changes, edits);
    }
}
