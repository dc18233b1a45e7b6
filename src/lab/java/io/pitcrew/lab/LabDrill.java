package io.pitcrew.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A drill run by the lab's own process, so {@code pitcrew drill start} can arm it and exit: the faults injected when
 * {@code --after} is up (onto the healthy base, so the drill's faults are the only ones), a growing fault advanced one
 * stage per step, and every fault asked twice a second whether it still stands. Only a fix takes a fault away; a
 * {@code lab reset} aborts the drill instead.
 *
 * <p>Locks: the drill's timer takes this object's lock and then the lab's (to write); nothing holding the lab's lock
 * waits for this one ({@link Lab#reset()} aborts the drill before it takes its own).
 */
final class LabDrill implements AutoCloseable {

    /** How often each injected fault is asked whether it still stands: the precision of the time to mitigate. */
    static final Duration WATCH = Duration.ofMillis(500);
    /** The time between a growing fault's stages. */
    static final Duration STEP = Duration.ofMinutes(2);

    /** What the drill needs of the lab: to start from the healthy base, to write, and to be read. */
    interface Platform {
        void rebase(Instant now);

        void write(String what, List<Change> changes);

        Topology topology();

        LabState state();
    }

    private final Platform lab;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lab-drill");
        t.setDaemon(true);
        return t;
    });
    private Run current;

    LabDrill(Platform lab) {
        this.lab = lab;
    }

    /** One drill: its faults, what was injected for each, and what became of them. */
    private static final class Run {
        final String id;
        final List<Rehearsal> faults;
        final Instant armedAt;
        final Instant injectAt;
        final Duration step;
        final List<List<Change>> injected = new ArrayList<>();
        final int[] stages;
        final boolean[] active;
        final Instant[] mitigatedAt;
        final List<ScheduledFuture<?>> tasks = new ArrayList<>();
        Instant injectedAt;
        String aborted;
        Instant abortedAt;
        boolean ended;

        Run(String id, List<Rehearsal> faults, Instant armedAt, Instant injectAt, Duration step) {
            this.id = id;
            this.faults = List.copyOf(faults);
            this.armedAt = armedAt;
            this.injectAt = injectAt;
            this.step = step;
            faults.forEach(f -> injected.add(new ArrayList<>()));
            this.stages = new int[faults.size()];
            this.active = new boolean[faults.size()];
            this.mitigatedAt = new Instant[faults.size()];
        }

        boolean live() {
            return !ended && aborted == null;
        }

        DrillState state() {
            List<DrillState.Fault> out = new ArrayList<>();
            for (int i = 0; i < faults.size(); i++) {
                out.add(new DrillState.Fault(active[i], mitigatedAt[i], stages[i], faults.get(i).stages().size()));
            }
            return new DrillState(id, armedAt, injectAt, injectedAt, out, aborted, abortedAt, ended);
        }
    }

    /**
     * Arms {@code faults}, injected {@code after} from now, a growing one advanced every {@code step}. Refused while
     * another drill is live; one that ended or was aborted is replaced.
     */
    synchronized DrillState arm(String id, List<Rehearsal> faults, Duration after, Duration step) {
        if (faults.isEmpty()) throw new IllegalArgumentException("a drill needs at least one fault");
        if (after.isNegative() || step.isNegative() || step.isZero()) throw new IllegalArgumentException("after and step cannot be negative");
        if (current != null && current.live()) throw new IllegalStateException("the lab runs " + current.id + " already");
        Instant now = Instant.now();
        Run run = new Run(id, faults, now, now.plus(after), step);
        current = run;
        run.tasks.add(timer.schedule(() -> inject(run), after.toMillis(), TimeUnit.MILLISECONDS));
        return run.state();
    }

    synchronized Optional<DrillState> state() {
        return Optional.ofNullable(current).map(Run::state);
    }

    /** Ends the drill: nothing more is injected or grown; whether each fault stands is asked once more. */
    synchronized Optional<DrillState> end() {
        if (current == null) return Optional.empty();
        Run run = current;
        if (run.live()) {
            stop(run);
            if (run.injectedAt != null) watch(run);
            run.ended = true;
        }
        return Optional.of(run.state());
    }

    /** The lab was reset (or stops) under a live drill: it ends there, its faults standing as they were. */
    synchronized void abort(String why) {
        Run run = current;
        if (run == null || !run.live()) return;
        stop(run);
        run.aborted = why;
        run.abortedAt = Instant.now();
    }

    @Override
    public void close() {
        abort("the lab stopped");
        timer.shutdownNow();
    }

    private synchronized void inject(Run run) {
        if (run != current || !run.live()) return;
        Instant now = Instant.now();
        lab.rebase(now);
        for (int i = 0; i < run.faults.size(); i++) advance(run, i, now);
        run.injectedAt = now;
        for (int i = 0; i < run.faults.size(); i++) {
            int fault = i;
            for (int k = 1; k < run.faults.get(i).stages().size(); k++) {
                run.tasks.add(timer.schedule(() -> grow(run, fault), run.step.toMillis() * k, TimeUnit.MILLISECONDS));
            }
        }
        watch(run);
        run.tasks.add(timer.scheduleWithFixedDelay(() -> watch(run), WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The fault's next stage, unless it was taken away meanwhile: a fixed fault stops growing. */
    private synchronized void grow(Run run, int fault) {
        if (run != current || !run.live() || run.mitigatedAt[fault] != null) return;
        advance(run, fault, Instant.now());
    }

    private void advance(Run run, int fault, Instant now) {
        Rehearsal r = run.faults.get(fault);
        List<Change> changes = r.stages().get(run.stages[fault]).changes(lab.topology(), now);
        lab.write(r.name(), changes);
        run.injected.get(fault).addAll(changes);
        run.stages[fault]++;
        run.active[fault] = true;
    }

    private synchronized void watch(Run run) {
        if (run != current || run.injectedAt == null || run.aborted != null) return;
        LabState state = lab.state();
        Instant now = Instant.now();
        for (int i = 0; i < run.faults.size(); i++) {
            boolean stands;
            try {
                stands = run.faults.get(i).stillFaulty().test(state, run.injected.get(i));
            } catch (RuntimeException e) {
                continue; // asked again in half a second; a failed question is not an answer
            }
            run.active[i] = stands;
            if (stands) run.mitigatedAt[i] = null;
            else if (run.mitigatedAt[i] == null) run.mitigatedAt[i] = now;
        }
    }

    private static void stop(Run run) {
        run.tasks.forEach(t -> t.cancel(false));
        run.tasks.clear();
    }
}
