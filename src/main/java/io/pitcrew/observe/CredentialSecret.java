package io.pitcrew.observe;

import java.time.Instant;
import java.util.List;

/**
 * What pitcrew keeps of a LiteLLM provider credential secret (the runbook's {@code litellm-aws-credentials},
 * {@code litellm-gcp-credentials}): where it is, when it was made, and when it says it expires. Its data is
 * dropped as the secret is read; the runbook's {@code -o jsonpath='{.data}'} is replaced by this metadata.
 *
 * @param present   false when the configured secret does not exist in the namespace (a fact too: LiteLLM then
 *                  has no credentials for that provider)
 * @param createdAt its creationTimestamp; null when absent or unreadable
 * @param writtenAt the latest of creation and managedFields times (a {@code kubectl apply} refresh keeps the
 *                  creation time); null when unknown
 * @param expiresAt from the first of {@link CredentialSecrets#EXPIRY_ANNOTATIONS} holding an RFC 3339 time;
 *                  null when the secret says nothing about its expiry
 * @param expiryAnnotation the annotation the expiry came from, for evidence; empty when none
 */
public record CredentialSecret(String namespace, String name, boolean present, Instant createdAt, Instant writtenAt,
                               Instant expiresAt, String expiryAnnotation) {

    /**
     * The annotations read for a secret's expiry, first match wins: pitcrew's own, then names other tooling commonly
     * writes. The value is an RFC 3339 time; anything else is ignored (no expiry known).
     */
    public static final List<String> EXPIRY_ANNOTATIONS = List.of("pitcrew.io/expires-at", "expires-at",
            "expiresAt", "expiration", "expiry");

    static CredentialSecret missing(String namespace, String name) {
        return new CredentialSecret(namespace, name, false, null, null, null, "");
    }
}
