package io.pitcrew.observe.registry;

import io.pitcrew.config.Probes;
import io.pitcrew.observe.MirrorDigests;
import io.pitcrew.observe.Probing;
import io.pitcrew.observe.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.pitcrew.observe.registry.ImagePusher.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mirror that does not answer about its tag — the registry refuses pitcrew's password (ECR's lasts 12 h) or
 * nothing listens on its port — is never passed off as "in sync": the report lists it under "could not ask".
 * Both registries are real docker-registries; the mirror's behind htpasswd basic auth, as ECR answers.
 */
class MirrorUnansweredTest {

    static final RegistryCredentials USER = new RegistryCredentials("AWS", "mirror-Pa55word-0123");

    @RegisterExtension
    static final RegistryServer UPSTREAM = RegistryServer.open();
    @RegisterExtension
    static final RegistryServer MIRROR = RegistryServer.withHtpasswd(USER);

    @TempDir
    static Path dir;

    @BeforeAll
    static void push() throws Exception {
        UPSTREAM.pusher().push("coder/coder-preview", "latest", OCI_MANIFEST, "same");
        MIRROR.pusher().push("coder-preview", "latest", OCI_MANIFEST, "same");
    }

    private static Snapshot probe(String mirrorHost, String password) throws IOException {
        Path passwordFile = Files.writeString(dir.resolve("password-" + System.nanoTime()), password);
        Probes probes = new Probes(Optional.empty(), Optional.of(new Probes.Mirror(UPSTREAM.host() + "/coder/coder-preview:latest",
                mirrorHost + "/coder-preview:latest", USER.username(), Optional.empty(), Optional.of(passwordFile))));
        Optional<MirrorDigests> digests = new Probing(probes, Duration.ofSeconds(5)).mirror();
        return Snapshot.of(Instant.now(), List.of()).mirror(digests).build();
    }

    @Test
    void aMirrorInSyncIsAsked() throws IOException {
        Snapshot s = probe(MIRROR.host(), USER.password());
        assertThat(s.mirror().orElseThrow().mirror()).isInstanceOf(DigestResult.Found.class);
        assertThat(s.notAsked()).isEmpty();
    }

    @Test
    void aRefusedPasswordIsACouldNotAskThatSaysHowToFixIt() throws IOException {
        Snapshot s = probe(MIRROR.host(), "expired-ecr-password-0123");
        assertThat(s.notAsked()).singleElement().asString()
                .contains("mirror " + MIRROR.host() + "/coder-preview:latest", "HTTP 401", "mirror.passwordFile")
                .doesNotContain("expired-ecr-password-0123");
    }

    @Test
    void aClosedPortIsACouldNotAsk() throws IOException {
        String closed = "127.0.0.1:" + RegistryServer.freePort();
        Snapshot s = probe(closed, USER.password());
        assertThat(s.notAsked()).singleElement().asString()
                .contains("mirror " + closed + "/coder-preview:latest", "connection-refused");
    }
}
