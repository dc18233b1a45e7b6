package io.pitcrew.observe.registry;

import io.pitcrew.act.Actions;
import io.pitcrew.act.Change;
import io.pitcrew.act.Outcome;
import io.pitcrew.act.Parameters;
import io.pitcrew.act.Platform;
import io.pitcrew.act.SafePath;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Probes;
import io.pitcrew.image.ImageRef;
import io.pitcrew.lab.Lab;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static io.pitcrew.observe.registry.ImagePusher.OCI_MANIFEST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pitcrew fix sync-mirror} with two real registries (upstream open, mirror behind basic auth as ECR is) and
 * the lab's Kubernetes: the copy, the restart of Coder in every region, verification, idempotence.
 */
class SyncMirrorTest {

    static final RegistryCredentials MIRROR_USER = new RegistryCredentials("AWS", "mirror-Pa55word");

    @RegisterExtension
    static final RegistryServer UPSTREAM = RegistryServer.open();

    @RegisterExtension
    static final RegistryServer MIRROR = RegistryServer.withHtpasswd(MIRROR_USER);

    @TempDir
    static Path tmp;
    static Lab lab;
    static Store store;

    @BeforeAll
    static void start() {
        lab = Lab.start(tmp.resolve("lab"), null, 2);
        store = Store.open(tmp.resolve("pitcrew.db"));
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private static Outcome syncMirror(boolean apply, Optional<Path> passwordFile) {
        PitcrewConfig lab = ConfigLoader.load(SyncMirrorTest.lab.config());
        Probes.Mirror mirror = new Probes.Mirror(UPSTREAM.host() + "/coder/coder-preview:latest",
                MIRROR.host() + "/coder-preview:latest", "AWS", Optional.empty(), passwordFile);
        PitcrewConfig config = lab.withProbes(new Probes(Optional.empty(), Optional.of(mirror)));
        try (Platform platform = Platform.connect(config, Kubeconfig.read(SyncMirrorTest.lab.kubeconfig()))) {
            return new SafePath(platform, store.audit(), "tester", Duration.ofSeconds(20), s -> {}, Clock.systemUTC())
                    .run(Actions.byId("sync-mirror").orElseThrow(), new Parameters(Map.of()), apply, OptionalLong.empty());
        }
    }

    @Test
    void copiesTheUpstreamIntoTheMirrorThenRestartsCoderEverywhere() throws Exception {
        Path password = tmp.resolve("mirror-password");
        Files.writeString(password, MIRROR_USER.password() + "\n");
        String v1 = RegistryClient.sha256(UPSTREAM.pusher().push("coder/coder-preview", "latest", OCI_MANIFEST, "v1"));

        Outcome plan = syncMirror(false, Optional.of(password));
        assertThat(plan.result()).as(plan.detail()).isEqualTo(Outcome.Result.PLANNED);
        assertThat(plan.plan().changes().getFirst()).isEqualTo(new Change("(registry)", "image " + MIRROR.host()
                + "/coder-preview:latest", "digest", "(missing: NAME_UNKNOWN)", v1));
        assertThat(plan.plan().changes()).extracting(Change::region).containsExactly("(registry)", "us-east-2", "us-west-2", "eu-west-2");

        Outcome applied = syncMirror(true, Optional.of(password));
        assertThat(applied.result()).as(applied.detail()).isEqualTo(Outcome.Result.APPLIED);
        DigestResult mirrored = new RegistryClient(RegistryClient.Options.defaults().withCredentials(h -> Optional.of(MIRROR_USER)))
                .digest(ImageRef.parse(MIRROR.host() + "/coder-preview:latest"));
        assertThat(mirrored).isInstanceOfSatisfying(DigestResult.Found.class, f -> assertThat(f.digest()).isEqualTo(v1));
        assertThat(store.audit().find(applied.auditId().getAsLong()).orElseThrow().changes())
                .contains(v1).contains("restartedAt").doesNotContain(MIRROR_USER.password());

        assertThat(syncMirror(true, Optional.of(password)).result()).isEqualTo(Outcome.Result.IN_EFFECT);

        String v2 = RegistryClient.sha256(UPSTREAM.pusher().push("coder/coder-preview", "latest", OCI_MANIFEST, "v2"));
        Outcome next = syncMirror(false, Optional.of(password));
        assertThat(next.plan().changes().getFirst().before()).isEqualTo(v1);
        assertThat(next.plan().changes().getFirst().after()).isEqualTo(v2);
    }

    @Test
    void aMirrorThatRefusesUsSaysWhatToCheck() throws Exception {
        UPSTREAM.pusher().push("coder/coder-preview", "latest", OCI_MANIFEST, "any");

        Outcome o = syncMirror(true, Optional.empty());

        assertThat(o.result()).isEqualTo(Outcome.Result.FAILED);
        assertThat(o.detail()).contains("(denied: HTTP 401").contains("mirror.username and the mirror's password");
    }
}
