package io.pitcrew.server.detection;

import io.pitcrew.drill.Drills;
import io.pitcrew.drill.Sighting;

import java.util.List;
import java.util.function.Consumer;

/**
 * While a drill runs in serve's store, each finding that becomes {@code new} is a sighting the drill's time to detect
 * is measured with (docs/drills.md): its first-seen time, as {@code serve}. Written on a thread of its own, as
 * {@link FindingNotices} writes timelines, so the store never delays detection; when no drill runs, that costs one
 * query per new finding.
 */
public final class DrillSightings implements Consumer<List<TrackedFinding.Change>>, AutoCloseable {

    private final Drills drills;
    private final OneThread worker = new OneThread("serve-drill");

    public DrillSightings(Drills drills) {
        this.drills = drills;
    }

    @Override
    public void accept(List<TrackedFinding.Change> changes) {
        List<Sighting> seen = changes.stream().filter(c -> c.change().equals("new")).map(TrackedFinding.Change::finding)
                .map(t -> new Sighting(t.firstSeen(), Sighting.SERVE, t.finding().key(), t.finding().regions())).toList();
        if (seen.isEmpty()) return;
        worker.execute(() -> {
            try {
                drills.sight(seen);
            } catch (RuntimeException e) {
                // a sighting is the drill's score, never serve's work: a store that fails here fails elsewhere too, and says so there
            }
        });
    }

    @Override
    public void close() {
        worker.close();
    }
}
