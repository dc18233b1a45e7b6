package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * LiteLLM's AWS Bedrock credentials in the control plane, as the runbook names them. The values are canaries: no
 * output of pitcrew may ever show them, and {@code pitcrew fix update-litellm-credentials} replaces them.
 */
final class Credentials {

    static final String AWS = "litellm-aws-credentials";
    static final String CANARY_SECRET_KEY = "lab-canary-aws-secret-2b8e";

    private Credentials() {}

    static Secret litellmAws(Instant now) {
        return new SecretBuilder().withNewMetadata().withName(AWS).withNamespace("litellm")
                .withCreationTimestamp(now.minus(Duration.ofDays(20)).toString()).endMetadata()
                .withType("Opaque")
                .addToData("AWS_ACCESS_KEY_ID", b64("AKIALABCANARY0000001"))
                .addToData("AWS_SECRET_ACCESS_KEY", b64(CANARY_SECRET_KEY))
                .addToData("AWS_REGION_NAME", b64("us-east-2"))
                .build();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
