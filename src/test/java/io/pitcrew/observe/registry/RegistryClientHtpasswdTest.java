package io.pitcrew.observe.registry;

import io.pitcrew.image.ImageRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;

import static io.pitcrew.observe.registry.ImagePusher.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

/** Against a real docker-registry behind htpasswd basic auth, the way ECR answers: 401 + Www-Authenticate: Basic. */
class RegistryClientHtpasswdTest {

    static final RegistryCredentials USER = new RegistryCredentials("pitcrew", "s3cret-Pa55word");

    @RegisterExtension
    static final RegistryServer REGISTRY = RegistryServer.withHtpasswd(USER);

    static byte[] manifest;

    @BeforeAll
    static void push() throws Exception {
        manifest = REGISTRY.pusher().push("coder-preview", "latest", OCI_MANIFEST, "htpasswd");
    }

    private static RegistryClient client(RegistryCredentials credentials) {
        return new RegistryClient(RegistryClient.Options.defaults().withTimeout(Duration.ofSeconds(5))
                .withCredentials(host -> Optional.ofNullable(credentials)));
    }

    private ImageRef ref() {
        return ImageRef.parse(REGISTRY.host() + "/coder-preview:latest");
    }

    @Test
    void basicChallengeIsAnsweredWithTheCredentials() {
        assertThat(client(USER).digest(ref())).isEqualTo(new DigestResult.Found(RegistryClient.sha256(manifest), OCI_MANIFEST));
    }

    @Test
    void wrongPasswordIsDenied() {
        RegistryCredentials wrong = new RegistryCredentials("pitcrew", "not-the-Pa55word");
        DigestResult result = client(wrong).digest(ref());
        assertThat(result).isInstanceOfSatisfying(DigestResult.Denied.class, d -> {
            assertThat(d.status()).isEqualTo(401);
            assertThat(d.code()).isEqualTo("UNAUTHORIZED");
        });
        assertThat(result.toString()).doesNotContain("not-the-Pa55word").doesNotContain(wrong.basicHeader().substring(6));
    }

    @Test
    void noCredentialsIsDenied() {
        assertThat(client(null).digest(ref())).isInstanceOfSatisfying(DigestResult.Denied.class,
                d -> assertThat(d.status()).isEqualTo(401));
    }

    @Test
    void secretsNeverPrinted() {
        assertThat(USER.toString()).contains("pitcrew").doesNotContain(USER.password());
        DigestResult found = client(USER).digest(ref());
        assertThat(found.toString()).doesNotContain(USER.password()).doesNotContain(USER.basicHeader().substring(6));
        DigestResult missing = client(USER).digest(ImageRef.parse(REGISTRY.host() + "/coder-preview:nope"));
        assertThat(missing).isInstanceOf(DigestResult.Missing.class);
        assertThat(missing.toString()).doesNotContain(USER.password());
    }
}
