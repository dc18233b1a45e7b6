package io.pitcrew.observe.registry;

import io.pitcrew.act.ActionFailed;
import io.pitcrew.act.ImageCopy;
import io.pitcrew.image.ImageRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static io.pitcrew.observe.registry.ImagePusher.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code sync-mirror}'s copy between two real registries (docker-registry): an upstream anyone can read and a
 * mirror behind basic auth, as ECR is. After the copy the mirror's digest is the upstream's, byte for byte.
 */
class ImageCopyTest {

    static final RegistryCredentials MIRROR_USER = new RegistryCredentials("AWS", "mirror-Pa55word");

    @RegisterExtension
    static final RegistryServer UPSTREAM = RegistryServer.open();

    @RegisterExtension
    static final RegistryServer MIRROR = RegistryServer.withHtpasswd(MIRROR_USER);

    private static ImageCopy copier() {
        return new ImageCopy(host -> host.equals(MIRROR.host()) ? Optional.of(MIRROR_USER) : Optional.empty(), Duration.ofSeconds(5));
    }

    private static DigestResult digest(String ref) {
        return new RegistryClient(RegistryClient.Options.defaults().withCredentials(
                host -> host.equals(MIRROR.host()) ? Optional.of(MIRROR_USER) : Optional.empty())).digest(ImageRef.parse(ref));
    }

    @Test
    void copiesAnImageSoTheDigestsAreEqualAndAgainSendsNoBlob() throws Exception {
        byte[] manifest = UPSTREAM.pusher().push("coder/coder-preview", "latest", OCI_MANIFEST, "v1");
        ImageRef from = ImageRef.parse(UPSTREAM.host() + "/coder/coder-preview:latest");
        ImageRef to = ImageRef.parse(MIRROR.host() + "/coder-preview:latest");

        ImageCopy.Copied copied = copier().copy(from, to);

        assertThat(copied.digest()).isEqualTo(RegistryClient.sha256(manifest));
        assertThat(copied.blobsSent()).isEqualTo(2);
        assertThat(digest(to.toString())).isEqualTo(new DigestResult.Found(RegistryClient.sha256(manifest), OCI_MANIFEST));

        ImageCopy.Copied again = copier().copy(from, to);
        assertThat(again.blobsSent()).isZero();
        assertThat(again.blobsPresent()).isEqualTo(2);
    }

    @Test
    void copiesAMultiArchIndexChildrenFirst() throws Exception {
        byte[] amd = UPSTREAM.pusher().push("multi", "amd64", OCI_MANIFEST, "amd64");
        byte[] arm = UPSTREAM.pusher().push("multi", "arm64", OCI_MANIFEST, "arm64");
        String index = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\
                {"mediaType":"%s","digest":"%s","size":%d,"platform":{"architecture":"amd64","os":"linux"}},\
                {"mediaType":"%s","digest":"%s","size":%d,"platform":{"architecture":"arm64","os":"linux"}}]}"""
                .formatted(OCI_MANIFEST, RegistryClient.sha256(amd), amd.length, OCI_MANIFEST, RegistryClient.sha256(arm), arm.length);
        HttpResponse<String> put = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://" + UPSTREAM.host()
                        + "/v2/multi/manifests/latest")).header("Content-Type", "application/vnd.oci.image.index.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(index)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

        ImageCopy.Copied copied = copier().copy(ImageRef.parse(UPSTREAM.host() + "/multi:latest"), ImageRef.parse(MIRROR.host() + "/multi:latest"));

        assertThat(copied.manifests()).isEqualTo(3);
        assertThat(copied.blobsSent()).isEqualTo(4);
        assertThat(copied.digest()).isEqualTo(RegistryClient.sha256(index.getBytes(StandardCharsets.UTF_8)));
        assertThat(digest(MIRROR.host() + "/multi:latest")).isInstanceOfSatisfying(DigestResult.Found.class,
                f -> assertThat(f.digest()).isEqualTo(copied.digest()));
        assertThat(digest(MIRROR.host() + "/multi@" + RegistryClient.sha256(arm))).isInstanceOf(DigestResult.Found.class);
    }

    @Test
    void aMirrorWithoutCredentialsIsAClearFailureThatPrintsNoSecret() throws Exception {
        UPSTREAM.pusher().push("nocreds", "latest", OCI_MANIFEST, "nocreds");
        ImageCopy anonymous = new ImageCopy(host -> Optional.empty(), Duration.ofSeconds(5));

        assertThatThrownBy(() -> anonymous.copy(ImageRef.parse(UPSTREAM.host() + "/nocreds:latest"), ImageRef.parse(MIRROR.host() + "/nocreds:latest")))
                .isInstanceOf(ActionFailed.class)
                .hasMessageContaining(MIRROR.host() + " wants a user name and password (HTTP 401)");
        ImageCopy wrong = new ImageCopy(host -> Optional.of(new RegistryCredentials("AWS", "wrong-Pa55word")), Duration.ofSeconds(5));
        assertThatThrownBy(() -> wrong.copy(ImageRef.parse(UPSTREAM.host() + "/nocreds:latest"), ImageRef.parse(MIRROR.host() + "/nocreds:latest")))
                .isInstanceOf(ActionFailed.class).hasMessageContaining("401").hasMessageNotContaining("wrong-Pa55word");
    }
}
