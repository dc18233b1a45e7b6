package io.pitcrew.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageRefTest {

    private static final String SHA = "sha256:" + "a".repeat(64);

    @Test
    void ghcr() {
        assertThat(ImageRef.parse("ghcr.io/coder/coder-preview:latest"))
                .isEqualTo(new ImageRef("ghcr.io", "coder/coder-preview", "latest", null));
    }

    @Test
    void ecr() {
        ImageRef ref = ImageRef.parse("123456789012.dkr.ecr.us-east-2.amazonaws.com/coder-preview:latest");
        assertThat(ref.registry()).isEqualTo("123456789012.dkr.ecr.us-east-2.amazonaws.com");
        assertThat(ref.repository()).isEqualTo("coder-preview");
        assertThat(ref.tag()).isEqualTo("latest");
    }

    @Test
    void loopbackWithPort() {
        assertThat(ImageRef.parse("127.0.0.1:5000/coder-preview:latest"))
                .isEqualTo(new ImageRef("127.0.0.1:5000", "coder-preview", "latest", null));
        assertThat(ImageRef.parse("localhost/coder-preview").registry()).isEqualTo("localhost");
    }

    @Test
    void dockerHubGetsItsApiHostAndLibraryPrefix() {
        assertThat(ImageRef.parse("alpine")).isEqualTo(new ImageRef("registry-1.docker.io", "library/alpine", "latest", null));
        assertThat(ImageRef.parse("docker.io/coder/coder:v2")).isEqualTo(new ImageRef("registry-1.docker.io", "coder/coder", "v2", null));
        assertThat(ImageRef.parse("docker.io/alpine:3").repository()).isEqualTo("library/alpine");
    }

    @Test
    void digestWinsOverTagForTheLookup() {
        ImageRef byDigest = ImageRef.parse("ghcr.io/coder/coder-preview@" + SHA);
        assertThat(byDigest.tag()).isNull();
        assertThat(byDigest.reference()).isEqualTo(SHA);
        ImageRef both = ImageRef.parse("127.0.0.1:5000/a/b:v1@" + SHA);
        assertThat(both.tag()).isEqualTo("v1");
        assertThat(both.reference()).isEqualTo(SHA);
        assertThat(both).hasToString("127.0.0.1:5000/a/b:v1@" + SHA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "ghcr.io/Coder/x:latest", "ghcr.io/coder/x:", "ghcr.io/coder/x:-bad",
            "ghcr.io/coder/x@sha256:abc", "ghcr.io/coder/x@md5", "ghcr.io/", "ghcr.io//x", "bad host!/x:1"})
    void badReferencesSayWhy(String text) {
        assertThatThrownBy(() -> ImageRef.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?s)(empty image reference|invalid image reference '.*': .+)");
    }

    @Test
    void messageNamesTheOffendingPart() {
        assertThatThrownBy(() -> ImageRef.parse("ghcr.io/coder/x@sha256:abc"))
                .hasMessageContaining("sha256 needs 64 lowercase hex digits");
        assertThatThrownBy(() -> ImageRef.parse("ghcr.io/Coder/x"))
                .hasMessageContaining("repository component 'Coder'");
    }
}
