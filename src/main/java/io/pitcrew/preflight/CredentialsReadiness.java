package io.pitcrew.preflight;

import io.pitcrew.observe.CredentialSecret;
import io.pitcrew.runbook.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runbook §3 before the fact: LiteLLM's Bedrock and Vertex credentials ({@code names.litellmCredentialSecrets}) against
 * the workshop: missing or expired by its start blocks it, expiring before its end is a risk. Judged by the secrets'
 * metadata (an expiry annotation), never their data; a secret that says nothing of its expiry cannot be judged.
 */
final class CredentialsReadiness implements Readiness {

    static final String NAME = "litellm-credentials";

    @Override
    public String name() { return NAME; }

    @Override
    public Set<String> claims() {
        return Set.of("litellm-auth/credentials-expired", "litellm-auth/credentials-expire");
    }

    @Override
    public List<Item> judge(Inputs in) {
        String cp = in.controlPlaneName();
        List<Item> out = new ArrayList<>();
        for (Finding f : in.findings(Set.of("litellm-auth/credentials-expired"), null)) out.add(Inputs.item(NAME, cp, f));
        if (!out.isEmpty()) return out;
        if (in.controlPlane().isEmpty()) return List.of(Item.risk(NAME, cp, "not judged: the control plane was not read", null));
        List<String> unknown = new ArrayList<>();
        for (CredentialSecret s : in.controlPlane().get().credentialSecrets()) {
            String fix = "pitcrew fix update-litellm-credentials --secret " + s.name() + " --from-stdin --expires-at TIME";
            String what = "Secret " + s.namespace() + "/" + s.name();
            if (!s.present()) {
                out.add(Item.blocker(NAME, cp, what + " is missing: LiteLLM has no credentials for this provider", fix));
            } else if (s.expiresAt() == null) {
                unknown.add(s.name());
            } else if (!s.expiresAt().isAfter(in.workshop().start())) {
                out.add(Item.blocker(NAME, cp, what + " expires " + Inputs.at(s.expiresAt()) + " (" + s.expiryAnnotation() + "), by the workshop's start", fix));
            } else if (s.expiresAt().isBefore(in.workshop().end())) {
                out.add(Item.risk(NAME, cp, what + " expires " + Inputs.at(s.expiresAt()) + " (" + s.expiryAnnotation() + "), before the workshop ends at "
                        + Inputs.at(in.workshop().end()), fix));
            }
        }
        if (out.isEmpty()) {
            int n = in.controlPlane().get().credentialSecrets().size();
            out.add(Item.ok(NAME, cp, n == 0 ? "no credential secrets configured (names.litellmCredentialSecrets)"
                    : (n - unknown.size()) + " credential secret(s) valid past the workshop's end"
                    + (unknown.isEmpty() ? "" : "; no expiry annotation on " + String.join(", ", unknown) + ", so not judged")));
        }
        return out;
    }
}
