package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.doctor.KubeconfigFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * doctor's sweep reads pods in pages against an API server that keeps list snapshots as a real one does
 * ({@link ScriptedApiServer}): every page asked for with {@code limit=500}, a continue token the server forgot makes
 * the list start again, and a list that cannot be finished makes the region unreachable with why — never a region
 * read from half its pods.
 */
class PagedSweepTest {

    private static final int PODS = 1234;
    private static final String TOO_OLD = "The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter.";

    @TempDir
    Path dir;

    private ScriptedApiServer api;

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApiServer();
        IntStream.range(0, PODS).forEach(i -> api.add("coder-workspaces", "ws-%04d".formatted(i)));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void podsAreReadInPagesOf500AndEveryPodArrivesSlimmed() throws Exception {
        RegionSnapshot region = (RegionSnapshot) sweep(ListReading.LEAN);

        assertThat(region.pods()).hasSize(PODS);
        List<ScriptedApiServer.Request> lists = lists();
        assertThat(lists).hasSize(3).allSatisfy(r -> assertThat(r.query()).containsEntry("limit", "500"));
        assertThat(lists.get(0).query()).doesNotContainKey("continue");
        assertThat(lists.subList(1, 3)).allSatisfy(r -> assertThat(r.query()).containsKey("continue"));
        // slimmed as it arrived: the empty maps every model object carries are one shared map
        Pod first = region.pods().getFirst();
        Pod last = region.pods().getLast();
        assertThat(first.getAdditionalProperties()).isEmpty();
        assertThat(first.getAdditionalProperties()).isSameAs(last.getSpec().getAdditionalProperties());
        assertThat(first.getMetadata().getNamespace()).isSameAs(last.getMetadata().getNamespace());
    }

    @Test
    void readWholeIsOneRequestWithoutALimitAndObjectsAsParsed() throws Exception {
        RegionSnapshot region = (RegionSnapshot) sweep(ListReading.WHOLE);

        assertThat(region.pods()).hasSize(PODS);
        assertThat(lists()).singleElement().satisfies(r -> assertThat(r.query()).doesNotContainKeys("limit", "continue"));
        assertThat(region.pods().getFirst().getAdditionalProperties()).isNotSameAs(region.pods().getLast().getAdditionalProperties());
    }

    @Test
    void aContinueTokenTheServerForgotMidwayStartsTheListAgainAndTheRegionIsReadWhole() throws Exception {
        api.afterFirstList(ScriptedApiServer::forgetSnapshots);

        RegionObservation observed = sweep(ListReading.LEAN);

        assertThat(observed).isInstanceOfSatisfying(RegionSnapshot.class, s -> assertThat(s.pods()).hasSize(PODS)
                .extracting(p -> p.getMetadata().getName()).doesNotHaveDuplicates());
        List<ScriptedApiServer.Request> lists = lists();
        assertThat(lists.stream().filter(r -> !r.query().containsKey("continue"))).as("lists from the start").hasSize(2);
        // the first list's one page and 410, then the whole list again
        assertThat(lists).hasSize(2 + 3);
    }

    @Test
    void aListWhoseContinueTokenKeepsExpiringMakesTheRegionUnreachableAndSaysSo() throws Exception {
        api.answerContinuedPages(410, "Expired", TOO_OLD);

        RegionObservation observed = sweep(ListReading.LEAN);

        assertThat(observed).isInstanceOfSatisfying(RegionUnreachable.class, u -> {
            assertThat(u.reason()).isEqualTo("api-error");
            assertThat(u.detail()).startsWith("HTTP 410: The provided continue parameter is too old");
        });
        assertThat(lists().stream().filter(r -> !r.query().containsKey("continue"))).as("lists from the start").hasSize(PagedList.ATTEMPTS);
    }

    @Test
    void aListThatFailsMidwayMakesTheRegionUnreachableNotHalfRead() throws Exception {
        api.answerContinuedPages(500, "InternalError", "Internal error occurred: etcdserver: leader changed");

        RegionObservation observed = sweep(ListReading.LEAN);

        assertThat(observed).isInstanceOfSatisfying(RegionUnreachable.class, u -> {
            assertThat(u.reason()).isEqualTo("api-error");
            assertThat(u.detail()).startsWith("HTTP 500: Internal error occurred: etcdserver: leader changed");
        });
        // a failure other than an expired token is not retried: the sweep has a deadline to keep
        assertThat(lists()).hasSize(2);
    }

    private RegionObservation sweep(ListReading reading) throws Exception {
        Region region = new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com");
        PitcrewConfig config = new PitcrewConfig(List.of(region), Names.defaults(),
                Thresholds.defaults().withRegionTimeout(Duration.ofSeconds(20)), Optional.empty());
        Path kubeconfig = KubeconfigFixture.write(dir, Map.of("us-east-2", api.url()));
        try (Sweep sweep = new Sweep(config, Kubeconfig.read(kubeconfig), reading)) {
            return sweep.run(config.regions(), o -> {}).regions().getFirst();
        }
    }

    private List<ScriptedApiServer.Request> lists() {
        return api.podRequests().stream().filter(r -> !r.watch()).toList();
    }
}
