package io.pitcrew.doctor;

import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.RegionUnreachable;

import java.util.List;
import java.util.stream.Stream;

/**
 * How a region's observation went, for the report's {@code regions} list.
 *
 * @param status ok | unreachable
 * @param error  why it was unreachable; null when ok
 * @param gaps   what could not be read although the region answered (e.g. no metrics API), and the platform's components
 *               whose pods run elsewhere than {@code names} says (so nothing judges them)
 */
public record RegionStatus(String name, String role, String context, String status, String error, long tookMillis,
                           int nodes, int pods, int workspaces, List<String> gaps) {

    static RegionStatus of(RegionObservation o, int workspaces, List<String> misplaced) {
        return switch (o) {
            // gaps are found by reads made in parallel, in whatever order they fail: sorted, two reports of the same
            // region (a sweep's, serve's) list them alike
            case RegionSnapshot s -> new RegionStatus(s.region().name(), s.region().role().id(), s.region().context(), "ok", null,
                    s.took().toMillis(), s.nodes().size(), s.pods().size(), workspaces,
                    Stream.concat(s.gaps().stream().sorted(), misplaced.stream()).toList());
            case RegionUnreachable u -> new RegionStatus(u.region().name(), u.region().role().id(), u.region().context(),
                    "unreachable", u.reason() + ": " + u.detail(), u.took().toMillis(), 0, 0, 0, List.of());
        };
    }

    public boolean ok() { return status.equals("ok"); }
}
