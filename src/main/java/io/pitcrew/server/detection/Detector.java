package io.pitcrew.server.detection;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.check.Input;
import io.pitcrew.config.Region;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.doctor.RegionStatus;
import io.pitcrew.observe.EndpointHealth;
import io.pitcrew.observe.MirrorDigests;
import io.pitcrew.observe.Probing;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionUnreachable;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.Sweep;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.Provisioning;
import io.pitcrew.observe.coder.WorkspaceProxy;
import io.pitcrew.observe.dns.DomainAnswers;
import io.pitcrew.observe.litellm.LiteLLMProbe;
import io.pitcrew.runbook.Runbook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Continuous detection: every region watched, the probes polled, and on every change — gathered for
 * {@code debounce}, so a burst of watch events is one evaluation — the region snapshots rebuilt from the caches and
 * diagnosed by {@link Doctor#diagnose} as {@code pitcrew doctor} does, except that only the checks reading an input
 * that changed run again ({@link IncrementalChecks}); findings then go through the {@link FindingLifecycle}.
 */
public final class Detector implements AutoCloseable {

    /**
     * How detection runs: the part of {@code ServeSettings} it reads.
     *
     * @param debounce      how long changes are gathered before one evaluation: at most this long after the first change
     * @param resolveGrace  how long a finding must stay away before it is resolved, so a flapping fault stays one finding
     * @param newFor        how long a finding is {@code new} before it is {@code ongoing}
     * @param keepResolved  how long a resolved finding is still listed
     * @param liveness      how often each API server is asked for its version
     * @param pollInterval  metrics.k8s.io and log tails, which cannot be watched
     * @param probeInterval DNS, mirror, health, Coder and LiteLLM probes
     */
    public record Settings(Duration debounce, Duration resolveGrace, Duration newFor, Duration keepResolved, Duration liveness,
                           Duration pollInterval, Duration probeInterval) {}

    /** The probes' latest answers; empty until the first round, and always empty for what is not configured. */
    private record Probed(List<DomainAnswers> dns, Optional<MirrorDigests> mirror, Map<String, EndpointHealth> health,
                          Optional<CoderAnswer<List<WorkspaceProxy>>> proxies, Optional<Provisioning> provisioning,
                          Optional<LiteLLMProbe> litellm) {}

    /** One evaluation: the snapshot it diagnosed and what it found. */
    record Evaluation(Snapshot snapshot, DoctorReport report) {}

    /** What the API shows: the latest report and the findings over time. */
    public record State(boolean ready, Instant evaluatedAt, DoctorReport report, List<TrackedFinding> findings) {

        /** The regions the latest evaluation could not read: their findings are neither confirmed nor resolved. */
        public Set<String> unobserved() {
            if (report == null) return Set.of();
            return report.regions().stream().filter(r -> !r.ok()).map(RegionStatus::name).collect(Collectors.toUnmodifiableSet());
        }
    }

    private final PitcrewConfig config;
    private final Kubeconfig kubeconfig;
    private final Doctor doctor;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, Thread.ofVirtual().name("serve-", 0).factory());
    /** Evaluations run one at a time, in order, on this thread: the lifecycle needs no lock. */
    private final ScheduledExecutorService evaluator = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("serve-evaluate").daemon().factory());
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<RegionWatch> regions = new ArrayList<>();
    private final FindingLifecycle lifecycle;
    private final ServeMetrics metrics = new ServeMetrics();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<Consumer<List<TrackedFinding.Change>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Evaluation>> evaluations = new CopyOnWriteArrayList<>();
    private final ChangedInputs changes = new ChangedInputs();
    private final IncrementalChecks checks;
    private volatile Probed probed;
    private volatile State state = new State(false, null, null, List.of());

    public Detector(PitcrewConfig config, Kubeconfig kubeconfig, Runbook runbook, Settings settings, Clock clock) {
        this.config = config;
        this.kubeconfig = kubeconfig;
        this.doctor = new Doctor(config, runbook);
        this.checks = new IncrementalChecks(doctor, metrics::checkEvaluated);
        this.settings = settings;
        this.clock = clock;
        this.lifecycle = new FindingLifecycle(settings.resolveGrace(), settings.newFor(), settings.keepResolved());
    }

    /** Hears every batch of finding changes, on the evaluation thread. */
    public void onChange(Consumer<List<TrackedFinding.Change>> listener) {
        listeners.add(listener);
    }

    /** Hears every evaluation, on the evaluation thread (tests compare it with a full diagnosis). */
    void onEvaluation(Consumer<Evaluation> listener) {
        evaluations.add(listener);
    }

    public void start() {
        kubeconfig.requireContexts(config.regions());
        for (Region region : config.regions()) {
            Config regionConfig;
            try {
                regionConfig = Sweep.clientConfig(kubeconfig, region.context(), config.thresholds().regionTimeout());
            } catch (RuntimeException e) {
                // a context pitcrew makes (an EKS cluster, its own) that cannot be made now: serve starts only with
                // every region watched, so it says why and stops; in a cluster its pod is started again until it can
                throw new IllegalArgumentException("region " + region.name() + " cannot be reached: " + e.getMessage());
            }
            KubernetesClient client = new KubernetesClientBuilder().withConfig(regionConfig).build();
            clients.add(client);
            regions.add(new RegionWatch(region, client, config.names(), config.thresholds(), scheduler, pool, inputs -> {
                changes.region(region.name(), inputs);
                changed();
            }));
        }
        regions.forEach(r -> r.start(settings.liveness(), settings.pollInterval()));
        scheduler.scheduleWithFixedDelay(this::probe, 0, settings.probeInterval().toMillis(), TimeUnit.MILLISECONDS);
        // time alone moves findings along (new → ongoing, gone → resolved), with or without a change
        evaluator.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    public State state() { return state; }

    /** What the leader compares with the store ({@link FindingNotices}): the latest state, the grace, the clock. */
    FindingNotices.Seen seen() {
        return new FindingNotices.Seen(this::state, settings.resolveGrace(), clock);
    }

    public ServeMetrics metrics() { return metrics; }

    public List<ServeMetrics.RegionGauge> gauges() {
        DoctorReport report = state.report();
        return regions.stream().map(r -> new ServeMetrics.RegionGauge(r.region().name(), report != null && report.regions().stream()
                .anyMatch(s -> s.name().equals(r.region().name()) && s.ok()), r.reconnects())).toList();
    }

    /** Every region as doctor's latest report has it, with the state of its watches; none before the first evaluation. */
    public List<RegionView> regions() {
        DoctorReport report = state.report();
        if (report == null) return List.of();
        Map<String, Long> reconnects = regions.stream().collect(Collectors.toMap(r -> r.region().name(), RegionWatch::reconnects,
                (a, b) -> a, LinkedHashMap::new));
        return report.regions().stream().map(r -> new RegionView(r.name(), r.role(), r.context(), r.status(),
                r.error(), r.nodes(), r.pods(), r.workspaces(), r.gaps(), reconnects.getOrDefault(r.name(), 0L))).toList();
    }

    /** Something changed: evaluate once {@code debounce} has passed since the first change not yet evaluated. */
    private void changed() {
        if (scheduled.compareAndSet(false, true)) {
            evaluator.schedule(this::evaluate, settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        Probing probing = new Probing(config.probes(), config.thresholds().regionTimeout());
        var dns = pool.submit(() -> probing.dns(config.regions()));
        var mirror = pool.submit(probing::mirror);
        var health = pool.submit(() -> probing.health(config.regions()));
        var proxies = pool.submit(probing::proxies);
        var provisioning = pool.submit(probing::provisioning);
        var litellm = pool.submit(probing::litellm);
        try {
            Probed next = new Probed(dns.get(), mirror.get(), health.get(), proxies.get(), provisioning.get(), litellm.get());
            Probed last = probed;
            if (!next.equals(last)) {
                // the answers first, then what changed: an evaluation that hears of a change sees the answer
                probed = next;
                if (last == null || !next.dns().equals(last.dns())) changes.probe(Input.DNS);
                if (last == null || !next.mirror().equals(last.mirror())) changes.probe(Input.MIRROR);
                if (last == null || !next.health().equals(last.health())) changes.probe(Input.HEALTH);
                if (last == null || !next.proxies().equals(last.proxies()) || !next.provisioning().equals(last.provisioning())) changes.probe(Input.CODER);
                if (last == null || !next.litellm().equals(last.litellm())) changes.probe(Input.LITELLM);
                changed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // each probe turns its own failures into observations; anything else waits for the next round, but
            // must not keep the first evaluation (and /readyz) waiting for ever
            if (probed == null) {
                probed = new Probed(List.of(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
                changed();
            }
        }
    }

    private void evaluate() {
        scheduled.set(false);
        // the first evaluation waits for every region's first list and the first round of probes: a finding
        // diagnosed from half the picture would be a false alarm, or a false all-clear
        if (probed == null || !regions.stream().allMatch(RegionWatch::settled)) return;
        // drained before the caches and probes are read: a change landing meanwhile is evaluated (again) next
        // time, never lost
        ChangedInputs.Dirty dirty = changes.drain();
        Probed p = probed;
        Instant start = clock.instant();
        List<RegionObservation> observations = regions.stream().map(r -> r.observation(start)).toList();
        Snapshot snapshot = Snapshot.of(start, observations).dns(p.dns()).mirror(p.mirror()).health(p.health())
                .proxies(p.proxies()).provisioning(p.provisioning()).litellm(p.litellm()).build();
        DoctorReport report = checks.diagnose(snapshot, start, dirty);
        evaluations.forEach(l -> l.accept(new Evaluation(snapshot, report)));
        Set<String> unobserved = observations.stream().filter(RegionUnreachable.class::isInstance)
                .map(o -> o.region().name()).collect(Collectors.toSet());
        List<TrackedFinding.Change> changes = lifecycle.update(report.findings(), unobserved, clock.instant());
        metrics.evaluated(Duration.between(start, clock.instant()));
        boolean first = !state.ready();
        state = new State(true, start, report, lifecycle.all());
        // the first lists parse every object in full before the caches slim them: at 10,000 pods a region that is
        // most of the heap, and garbage once listed. One full collection now lets the JVM hand it back (the
        // launcher's serve flags bound the free heap it keeps), instead of holding the startup peak for ever.
        if (first) pool.execute(System::gc);
        publish(changes);
    }

    private void tick() {
        if (!state.ready()) return;
        // the checks that read the clock (a pod pending past pendingGrace, a rotation past its window) can turn
        // without any object changing: every few seconds, time itself is a change
        if (++ticks % CLOCK_EVERY_TICKS == 0) {
            changes.probe(Input.CLOCK);
            changed();
        }
        List<TrackedFinding.Change> moved = lifecycle.tick(clock.instant());
        if (moved.isEmpty()) return;
        state = new State(true, state.evaluatedAt(), state.report(), lifecycle.all());
        publish(moved);
    }

    /** Ticks (one a second) between evaluations of the clock-reading checks when nothing else changed. */
    private static final int CLOCK_EVERY_TICKS = 5;
    private long ticks;

    private void publish(List<TrackedFinding.Change> changes) {
        if (changes.isEmpty()) return;
        for (var l : listeners) {
            try {
                l.accept(changes);
            } catch (RuntimeException e) {
                // one broken listener must not stop detection
            }
        }
    }

    @Override
    public void close() {
        regions.forEach(RegionWatch::close);
        scheduler.shutdownNow();
        evaluator.shutdownNow();
        pool.shutdownNow();
        clients.forEach(KubernetesClient::close);
    }
}
