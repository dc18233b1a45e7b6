package io.pitcrew.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's time went, for the benchmarks ({@code PITCREW_STATS=true}, bench/doctor-sweep.sh): each phase's
 * end as milliseconds since the process started. The launcher execs java in its own process, so the count starts
 * with the launcher and includes JVM start. Off, a mark is one boolean test.
 */
final class Phases {

    static final boolean ON = "true".equals(System.getenv("PITCREW_STATS"));
    private static final List<String> names = new ArrayList<>();
    private static final List<Long> ends = new ArrayList<>();

    private Phases() {}

    /** The phase called {@code name} ends now. */
    static synchronized void end(String name) {
        if (!ON) return;
        names.add(name);
        ends.add(System.currentTimeMillis());
    }

    /** {@code phases: main=180 config=610 ... exit=2050}: ends since the process started. */
    static synchronized String line() {
        long start = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(ends.isEmpty() ? 0 : ends.getFirst());
        StringBuilder line = new StringBuilder("phases:");
        for (int i = 0; i < names.size(); i++) line.append(' ').append(names.get(i)).append('=').append(ends.get(i) - start);
        return line.append(" exit=").append(System.currentTimeMillis() - start).toString();
    }
}
