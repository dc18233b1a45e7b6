package io.pitcrew.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** pitcrew.yaml's {@code workshops:}: the windows doctor, serve, preflight and retro know of, in start order. */
public record Workshops(List<Workshop> windows) {

    public Workshops {
        windows = windows.stream().sorted(Comparator.comparing(Workshop::start)).toList();
    }

    public static Workshops none() {
        return new Workshops(List.of());
    }

    public Optional<Workshop> named(String name) {
        return windows.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return windows.stream().map(Workshop::name).toList();
    }

    /** The workshop running at {@code now}, else the next one starting within {@code lead}: the one to get ready for. */
    public Optional<Workshop> current(Instant now, Duration lead) {
        return windows.stream().filter(w -> w.runs(now)).findFirst()
                .or(() -> windows.stream().filter(w -> w.near(now, lead)).findFirst());
    }

    /** The workshop that ended last before {@code now}, if any. */
    public Optional<Workshop> lastEnded(Instant now) {
        return windows.stream().filter(w -> w.over(now)).max(Comparator.comparing(Workshop::end));
    }
}
