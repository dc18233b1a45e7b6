package io.pitcrew.server.detection;

import io.pitcrew.check.Check;
import io.pitcrew.check.CheckContext;
import io.pitcrew.check.Input;
import io.pitcrew.check.PlatformCheck;
import io.pitcrew.check.Signal;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Doctor's diagnosis with only the checks that read something that changed: the others' signals are the ones they
 * gave last time, which is what they would give again. Signals are gathered in doctor's order and judged by doctor's
 * rules ({@link Doctor#diagnose(Snapshot, Instant, Doctor.CheckRunner)}), so the findings equal a full diagnosis of
 * the same snapshot. Used by one thread at a time (the evaluation thread).
 */
final class IncrementalChecks implements Doctor.CheckRunner {

    private static final Set<Input> EVERYTHING = EnumSet.allOf(Input.class);

    private final Doctor doctor;
    private final Consumer<String> evaluated;
    /** Last signals of each region's checks, by region name and check name. */
    private final Map<String, Map<String, List<Signal>>> regional = new HashMap<>();
    private final Map<String, List<Signal>> platform = new HashMap<>();
    /** The regions whose snapshot the last evaluation had (not unreachable). */
    private Set<String> reachable = Set.of();
    private ChangedInputs.Dirty dirty = ChangedInputs.Dirty.NOTHING;

    /** @param evaluated told the name of every check that runs */
    IncrementalChecks(Doctor doctor, Consumer<String> evaluated) {
        this.doctor = doctor;
        this.evaluated = evaluated;
    }

    /** Diagnoses {@code snapshot}, re-running only the checks that read something in {@code changed}. */
    DoctorReport diagnose(Snapshot snapshot, Instant start, ChangedInputs.Dirty changed) {
        // the clock moved since the last evaluation; a region that became reachable or unreachable changed as a
        // whole (its cached signals are of another picture, and platform checks see a region more or fewer)
        ChangedInputs.Dirty d = changed.withPlatform(Input.CLOCK);
        Set<String> now = new HashSet<>();
        for (RegionObservation o : snapshot.regions()) {
            String name = o.region().name();
            if (o instanceof RegionSnapshot) now.add(name);
            if (o instanceof RegionSnapshot != reachable.contains(name)) {
                regional.remove(name);
                d = d.with(name, EVERYTHING);
            }
        }
        regional.keySet().retainAll(now);
        reachable = Set.copyOf(now);
        dirty = d;
        return doctor.diagnose(snapshot, start, this);
    }

    @Override
    public List<Signal> run(Check check, RegionSnapshot region, CheckContext context) {
        Map<String, List<Signal>> last = regional.computeIfAbsent(region.region().name(), r -> new HashMap<>());
        List<Signal> signals = last.get(check.name());
        if (signals != null && !dirty.touches(region.region().name(), check.reads())) return signals;
        evaluated.accept(check.name());
        signals = List.copyOf(check.check(region, context));
        last.put(check.name(), signals);
        return signals;
    }

    @Override
    public List<Signal> run(PlatformCheck check, Snapshot snapshot, CheckContext context) {
        List<Signal> signals = platform.get(check.name());
        if (signals != null && !dirty.touchesAny(check.reads())) return signals;
        evaluated.accept(check.name());
        signals = List.copyOf(check.check(snapshot, context));
        platform.put(check.name(), signals);
        return signals;
    }
}
