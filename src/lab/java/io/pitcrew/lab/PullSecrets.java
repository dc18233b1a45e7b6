package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The ECR pull secret the platform's ECR images are pulled with, as {@code kubectl create secret docker-registry}
 * writes it and a refresher re-applies it. Its password is a canary: it must never show up in anything pitcrew
 * prints or writes.
 */
final class PullSecrets {

    static final String NAME = "ecr-pull-secret";
    static final String ECR = Components.ACCOUNT + ".dkr.ecr.us-east-2.amazonaws.com";
    /** Planted so tests can prove no credential ever leaves pitcrew. */
    static final String CANARY_PASSWORD = "lab-canary-ecr-password-7f3a9c";

    private PullSecrets() {}

    /** The secret in {@code namespace}, last applied at {@code writtenAt} (created a month before). */
    static Secret ecr(String namespace, Instant writtenAt) {
        String auth = Base64.getEncoder().encodeToString(("AWS:" + CANARY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        String config = "{\"auths\":{\"" + ECR + "\":{\"username\":\"AWS\",\"password\":\"" + CANARY_PASSWORD + "\",\"auth\":\"" + auth + "\"}}}";
        return new SecretBuilder()
                .withNewMetadata().withName(NAME).withNamespace(namespace)
                .withCreationTimestamp(writtenAt.minusSeconds(30L * 24 * 3600).toString())
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl-client-side-apply").withOperation("Update")
                        .withApiVersion("v1").withTime(writtenAt.toString()).build())
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)))
                .build();
    }
}
