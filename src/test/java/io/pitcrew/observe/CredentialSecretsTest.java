package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** LiteLLM's credential secrets become metadata as they are read: names, times, an expiry; never data. */
class CredentialSecretsTest {

    static final String VALUE = "wJalrXUtnFEMI-not-a-real-secret";

    static Secret secret(String namespace, String name, String annotation, String value) {
        var b = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withCreationTimestamp("2026-11-20T08:00:00Z").endMetadata()
                .withType("Opaque").addToData("aws-secret-access-key", Base64.getEncoder().encodeToString(VALUE.getBytes()));
        if (annotation != null) b.editMetadata().addToAnnotations(annotation, value).endMetadata();
        return b.build();
    }

    @Test
    void eachConfiguredNameIsPresentWithItsExpiryOrMissing() {
        List<CredentialSecret> read = CredentialSecrets.of(List.of(
                        secret("litellm", "litellm-aws-credentials", "pitcrew.io/expires-at", "2026-11-25T20:00:00+00:00"),
                        secret("other", "litellm-gcp-credentials", null, null)),
                "litellm", List.of("litellm-aws-credentials", "litellm-gcp-credentials"));

        assertThat(read).containsExactly(
                new CredentialSecret("litellm", "litellm-aws-credentials", true, Instant.parse("2026-11-20T08:00:00Z"),
                        Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-25T20:00:00Z"), "pitcrew.io/expires-at"),
                new CredentialSecret("litellm", "litellm-gcp-credentials", false, null, null, null, ""));
        assertThat(read.toString()).doesNotContain(VALUE).doesNotContain("wJalr");
    }

    @Test
    void anExpiryThatIsNotATimeIsNoExpiry() {
        CredentialSecret s = CredentialSecrets.of(List.of(secret("litellm", "litellm-aws-credentials", "expires-at", "next tuesday")),
                "litellm", List.of("litellm-aws-credentials")).getFirst();
        assertThat(s.present()).isTrue();
        assertThat(s.expiresAt()).isNull();
        assertThat(s.expiryAnnotation()).isEmpty();
    }
}
