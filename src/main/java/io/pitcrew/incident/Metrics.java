package io.pitcrew.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The retrospective's three numbers (docs/incidents.md#metrics), each a mean over the incidents that have both ends:
 *
 * <ul>
 *   <li>MTTD, mean time to detect: started → detected (users affected before anyone or anything noticed)</li>
 *   <li>MTTA, mean time to acknowledge: detected → acknowledged (noticed before a responder took it)</li>
 *   <li>MTTR, mean time to resolve: started → resolved (users affected until it was resolved)</li>
 * </ul>
 */
public record Metrics(Optional<Duration> mttd, Optional<Duration> mtta, Optional<Duration> mttr, int incidents) {

    public static Metrics of(List<Incident> incidents) {
        return new Metrics(
                mean(incidents, i -> Optional.of(between(i.times().started(), i.times().detected()))),
                mean(incidents, i -> i.times().acknowledged().map(a -> between(i.times().detected(), a))),
                mean(incidents, i -> i.times().resolved().map(r -> between(i.times().started(), r))),
                incidents.size());
    }

    /** One incident's own values, for the per-incident rows. */
    public static Metrics of(Incident i) {
        return of(List.of(i));
    }

    private static Duration between(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d; // a detection typed before the start it names is not negative time
    }

    private static Optional<Duration> mean(List<Incident> incidents, Function<Incident, Optional<Duration>> measure) {
        List<Duration> ds = incidents.stream().map(measure).flatMap(Optional::stream).toList();
        if (ds.isEmpty()) return Optional.empty();
        return Optional.of(ds.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(ds.size()));
    }

    /** "1 h 05 min", "12 min", "40 s", or "—" when nothing was measured. */
    public static String text(Optional<Duration> d) {
        if (d.isEmpty()) return "—";
        long s = d.get().toSeconds();
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min";
        return (s / 3600) + " h " + String.format("%02d", (s % 3600) / 60) + " min";
    }
}
