package io.pitcrew.observe.registry;

import io.pitcrew.image.ImageRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RegistryClient#inspect} against a real registry: an image's config and layers as the registry holds them. */
class RegistryClientInspectTest {

    @RegisterExtension
    static final RegistryServer REGISTRY = RegistryServer.open();

    final RegistryClient client = new RegistryClient(RegistryClient.Options.defaults());

    @Test
    void anImagesConfigAndLayersAreRead() throws Exception {
        byte[] config = """
                {"architecture":"amd64","os":"linux","config":{"User":"10001:0","Entrypoint":["java","-jar","/opt/app.jar"],
                "Cmd":["serve"],"Env":["PATH=/usr/bin","HOME=/home/app"],"WorkingDir":"/home/app",
                "Labels":{"org.opencontainers.image.version":"1.2.3"}},"rootfs":{"type":"layers","diff_ids":[]}}"""
                .getBytes(StandardCharsets.UTF_8);
        byte[] base = "base layer".getBytes(StandardCharsets.UTF_8);
        byte[] app = "app layer".getBytes(StandardCharsets.UTF_8);
        String digest = REGISTRY.pusher().pushImage("team/app", "v1", config, List.of(base, app));

        ImageInspection inspected = client.inspect(ImageRef.parse(REGISTRY.host() + "/team/app:v1"));

        assertThat(inspected).isInstanceOfSatisfying(ImageInspection.Image.class, image -> {
            assertThat(image.digest()).isEqualTo(digest);
            assertThat(image.config()).isEqualTo(new ImageInspection.Config("linux", "amd64", "10001:0",
                    List.of("java", "-jar", "/opt/app.jar"), List.of("serve"), List.of("PATH=/usr/bin", "HOME=/home/app"),
                    "/home/app", Map.of("org.opencontainers.image.version", "1.2.3")));
            assertThat(image.layers()).extracting(ImageInspection.Layer::digest)
                    .containsExactly(RegistryClient.sha256(base), RegistryClient.sha256(app));
            assertThat(image.layers()).allSatisfy(l -> {
                assertThat(l.present()).isTrue();
                assertThat(l.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            });
        });
    }

    @Test
    void aTagThatIsNotThereIsSaidAsTheRegistrySaidIt() {
        ImageInspection inspected = client.inspect(ImageRef.parse(REGISTRY.host() + "/team/absent:v1"));

        assertThat(inspected).isInstanceOfSatisfying(ImageInspection.Unavailable.class, u ->
                assertThat(u.why()).isInstanceOf(DigestResult.Missing.class));
    }
}
