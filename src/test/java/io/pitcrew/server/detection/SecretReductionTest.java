package io.pitcrew.server.detection;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** serve's secret cache keeps what the checks judge (registries, times, expiry) and nothing that may hold a value. */
class SecretReductionTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecretIsReducedToMetadataAsItArrives() {
        String canary = "CANARY-" + System.nanoTime();
        Secret secret = new SecretBuilder().withType("kubernetes.io/dockerconfigjson")
                .withNewMetadata().withNamespace("coder").withName("ecr-pull").withCreationTimestamp("2026-11-25T08:00:00Z")
                .withAnnotations(Map.of("pitcrew.io/expires-at", "2026-11-25T20:00:00Z",
                        "kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"password\":\"" + canary + "\"}}"))
                .endMetadata()
                .withData(Map.of(".dockerconfigjson", b64("{\"auths\":{\"123456789012.dkr.ecr.us-east-2.amazonaws.com\":{\"auth\":\"" + b64("AWS:" + canary) + "\"}}}")))
                .withStringData(Map.of("token", canary))
                .build();
        RegionWatch.SecretMeta kept = RegionWatch.reduce(secret);
        assertThat(kept.pull()).singleElement().satisfies(p -> assertThat(p.registries()).containsExactly("123456789012.dkr.ecr.us-east-2.amazonaws.com"));
        assertThat(kept.metadataOnly().getData()).isNullOrEmpty();
        assertThat(kept.metadataOnly().getStringData()).isNullOrEmpty();
        assertThat(kept.metadataOnly().getMetadata().getAnnotations()).containsOnlyKeys("pitcrew.io/expires-at");
        assertThat(kept.toString()).doesNotContain(canary).doesNotContain(b64("AWS:" + canary));
    }
}
