package io.pitcrew.drill;

import io.pitcrew.store.Store;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drills in the store, the same on SQLite and PostgreSQL: one running at a time, first sightings only, ended once. */
abstract class DrillsContract {

    protected abstract String target();

    static final Instant T = Instant.parse("2026-11-25T14:00:00Z");

    @Test
    void oneDrillRunsAtATimeAndARefusedArmRecordsNothing() {
        try (Store store = Store.open(target())) {
            Drills drills = new Drills(store);
            assertThat(drills.running()).isEmpty();
            assertThatThrownBy(() -> drills.start(T, T, List.of("key-rotation"), "/lab", "facilitator", d -> {
                throw new IllegalArgumentException("the lab runs DRILL-9 already");
            })).hasMessageContaining("DRILL-9");
            assertThat(drills.all()).isEmpty();

            Drill first = drills.start(T, T.plusSeconds(90), List.of("key-rotation", "lb-pending"), "/lab", "facilitator", d -> {});
            assertThat(first.id()).isEqualTo("DRILL-1");
            assertThat(drills.running()).contains(first);
            assertThatThrownBy(() -> drills.start(T, T, List.of("node-pressure"), "/lab", "facilitator", d -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DRILL-1 is running since " + T).hasMessageContaining("pitcrew drill end --dir /lab");
        }
    }

    @Test
    void onlyTheFirstSightingOfEachFindingBySourceIsKeptAndNoneWithoutADrill() {
        try (Store store = Store.open(target())) {
            Drills drills = new Drills(store);
            drills.sight(List.of(new Sighting(T, Sighting.DOCTOR, "a/b", List.of("us-east-2"))));
            Drill d = drills.start(T, T, List.of("key-rotation"), "/lab", "facilitator", x -> {});
            assertThat(drills.sightings(d)).isEmpty();

            drills.sight(List.of(new Sighting(T.plusSeconds(30), Sighting.DOCTOR, "a/b", List.of("us-east-2"))));
            drills.sight(List.of(new Sighting(T.plusSeconds(60), Sighting.DOCTOR, "a/b", List.of("us-east-2")),
                    new Sighting(T.plusSeconds(10), Sighting.SERVE, "a/b", List.of()),
                    new Sighting(T.plusSeconds(70), Sighting.DOCTOR, "c/d", List.of("eu-west-2", "us-west-2"))));
            assertThat(drills.sightings(d)).containsExactly(
                    new Sighting(T.plusSeconds(10), Sighting.SERVE, "a/b", List.of()),
                    new Sighting(T.plusSeconds(30), Sighting.DOCTOR, "a/b", List.of("us-east-2")),
                    new Sighting(T.plusSeconds(70), Sighting.DOCTOR, "c/d", List.of("eu-west-2", "us-west-2")));
        }
    }

    @Test
    void aDrillEndsOnceAndIsKeptWithItsScore() {
        try (Store store = Store.open(target())) {
            Drills drills = new Drills(store);
            Drill d = drills.start(T, T, List.of("key-rotation"), "/lab", "facilitator", x -> {});
            Drill ended = drills.end(d, new Drill.Ending(T.plusSeconds(600), "ended", "{\"mitigated\":true}"));
            assertThat(ended.running()).isFalse();
            assertThat(drills.running()).isEmpty();
            assertThatThrownBy(() -> drills.end(d, new Drill.Ending(T.plusSeconds(700), "ended", "{}")))
                    .hasMessageContaining("DRILL-1 has ended already");
            Drill next = drills.start(T.plusSeconds(900), T.plusSeconds(900), List.of("lb-pending"), "/lab", "facilitator", x -> {});
            assertThat(drills.all()).extracting(Drill::id).containsExactly("DRILL-2", "DRILL-1");
            assertThat(drills.all().get(1).ending()).contains(new Drill.Ending(T.plusSeconds(600), "ended", "{\"mitigated\":true}"));
            assertThat(drills.all().getFirst()).isEqualTo(next);
        }
    }
}
