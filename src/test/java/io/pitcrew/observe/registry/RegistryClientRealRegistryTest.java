package io.pitcrew.observe.registry;

import io.pitcrew.image.ImageRef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.pitcrew.observe.registry.ImagePusher.DOCKER_MANIFEST;
import static io.pitcrew.observe.registry.ImagePusher.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

/** Against a real docker-registry without auth: digests and the registry's own 404 codes. */
class RegistryClientRealRegistryTest {

    @RegisterExtension
    static final RegistryServer REGISTRY = RegistryServer.open();

    static byte[] ociManifest;
    static byte[] dockerManifest;

    private final RegistryClient client = new RegistryClient(RegistryClient.Options.defaults().withTimeout(Duration.ofSeconds(5)));

    @BeforeAll
    static void push() throws Exception {
        ociManifest = REGISTRY.pusher().push("coder/coder-preview", "latest", OCI_MANIFEST, "oci");
        dockerManifest = REGISTRY.pusher().push("coder-preview", "v2", DOCKER_MANIFEST, "docker");
    }

    @Test
    void digestOfATagIsTheSha256OfThePushedManifestBytes() {
        DigestResult result = client.digest(ImageRef.parse(REGISTRY.host() + "/coder/coder-preview:latest"));
        assertThat(result).isEqualTo(new DigestResult.Found(RegistryClient.sha256(ociManifest), OCI_MANIFEST));
    }

    @Test
    void dockerV2ManifestToo() {
        DigestResult result = client.digest(ImageRef.parse(REGISTRY.host() + "/coder-preview:v2"));
        assertThat(result).isEqualTo(new DigestResult.Found(RegistryClient.sha256(dockerManifest), DOCKER_MANIFEST));
    }

    @Test
    void byDigest() {
        String digest = RegistryClient.sha256(ociManifest);
        DigestResult result = client.digest(ImageRef.parse(REGISTRY.host() + "/coder/coder-preview@" + digest));
        assertThat(result).isEqualTo(new DigestResult.Found(digest, OCI_MANIFEST));
    }

    @Test
    void missingTag() {
        DigestResult result = client.digest(ImageRef.parse(REGISTRY.host() + "/coder/coder-preview:nope"));
        assertThat(result).isInstanceOfSatisfying(DigestResult.Missing.class, m -> {
            assertThat(m.code()).isEqualTo("MANIFEST_UNKNOWN");
            assertThat(m.message()).isNotBlank();
        });
    }

    @Test
    void missingRepository() {
        DigestResult result = client.digest(ImageRef.parse(REGISTRY.host() + "/coder/no-such-repo:latest"));
        assertThat(result).isInstanceOfSatisfying(DigestResult.Missing.class, m -> assertThat(m.code()).isEqualTo("NAME_UNKNOWN"));
    }
}
