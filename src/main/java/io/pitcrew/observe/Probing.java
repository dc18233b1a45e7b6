package io.pitcrew.observe;

import io.pitcrew.config.Probes;
import io.pitcrew.config.Region;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.CoderClient;
import io.pitcrew.observe.coder.Provisioning;
import io.pitcrew.observe.coder.WorkspaceProxy;
import io.pitcrew.observe.dns.DnsProbe;
import io.pitcrew.observe.dns.DnsSweep;
import io.pitcrew.observe.dns.DomainAnswers;
import io.pitcrew.observe.health.HealthProbe;
import io.pitcrew.observe.health.HealthResult;
import io.pitcrew.observe.litellm.LiteLLMAnswer;
import io.pitcrew.observe.litellm.LiteLLMClient;
import io.pitcrew.observe.litellm.LiteLLMProbe;
import io.pitcrew.observe.registry.DigestResult;
import io.pitcrew.observe.registry.EcrLogin;
import io.pitcrew.observe.registry.EcrPassword;
import io.pitcrew.image.ImageRef;
import io.pitcrew.observe.registry.RegistryClient;
import io.pitcrew.observe.registry.RegistryCredentials;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The probes outside Kubernetes: DNS answers for every region's names, the mirror's digests, health endpoints, Coder
 * and LiteLLM. A sweep asks them once; {@code pitcrew serve} asks them on an interval.
 */
public final class Probing {

    /**
     * Time past the timeout before a question is given up on as a whole. One may take several requests one after the
     * other (a registry's HEAD, its auth, a GET; coderd's two lists of builds), each bounded by the timeout: a source
     * that answers each slowly would cost the sweep several timeouts. A single request that hangs still ends with its
     * own words, a little before this. (A health endpoint and LiteLLM take one request an answer, bounded as a whole.)
     */
    static final Duration GRACE = Duration.ofMillis(500);

    private final Probes probes;
    private final Duration timeout;

    public Probing(Probes probes, Duration timeout) {
        this.probes = probes;
        this.timeout = timeout;
    }

    /** The apex and wildcard answers of each region's domain; empty when DNS probing is not configured. */
    public List<DomainAnswers> dns(List<Region> regions) {
        if (probes.dnsServer().isEmpty()) return List.of();
        DnsProbe probe = DnsProbe.of(probes.dnsServer().filter(s -> !s.equals("system")), timeout);
        // All domains at once: a sweep costs one DNS timeout, not one per region.
        return new DnsSweep(probe).answers(
                regions.stream().map(Region::domain).filter(d -> d != null && !d.isEmpty()).toList());
    }

    /** Each region's /healthz, probed in parallel; empty when health is not configured. */
    public Map<String, EndpointHealth> health(List<Region> regions) {
        if (probes.health().isEmpty()) return Map.of();
        Probes.Health h = probes.health().get();
        try (var probe = new HealthProbe(timeout, h.caFile());
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<HealthResult>> futures = new LinkedHashMap<>();
            for (Region r : regions) futures.put(r.name(), threads.submit(() -> probe.probe(URI.create(h.url(r)))));
            Map<String, EndpointHealth> out = new LinkedHashMap<>();
            for (Region r : regions) out.put(r.name(), new EndpointHealth(h.url(r), futures.get(r.name()).get()));
            return out;
        } catch (InterruptedException | ExecutionException | IllegalArgumentException e) {
            // A probe that fails (or a CA file that cannot be read) is an observation, never the end of the sweep.
            Map<String, EndpointHealth> out = new LinkedHashMap<>();
            for (Region r : regions) out.put(r.name(), new EndpointHealth(h.url(r),
                    new HealthResult.Unreachable("io", e.getClass().getSimpleName() + ": " + e.getMessage())));
            return out;
        }
    }

    /** coderd's workspace proxies; empty when the Coder API is not configured. */
    public Optional<CoderAnswer<List<WorkspaceProxy>>> proxies() {
        return probes.coder().map(c -> coder(c).map(client -> {
            long deadline = deadline();
            ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();
            try {
                Future<CoderAnswer<List<WorkspaceProxy>>> proxies = thread.submit(client::workspaceProxies);
                return by(proxies, deadline, CoderAnswer.Unreachable::new);
            } finally {
                thread.shutdownNow();
            }
        }).orElseGet(() -> noToken(c)));
    }

    /**
     * coderd's provisioner daemons, pending jobs and pending or starting builds, asked at once; empty when the
     * Coder API is not configured.
     */
    public Optional<Provisioning> provisioning() {
        return probes.coder().map(c -> coder(c).map(client -> {
            long deadline = deadline();
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            try {
                var daemons = threads.submit(() -> client.provisionerDaemons(c.organization()));
                var jobs = threads.submit(() -> client.pendingJobs(c.organization()));
                var builds = threads.submit(() -> client.workspaceBuilds(List.of("pending", "starting")));
                var health = threads.submit(client::deploymentHealth);
                return new Provisioning(c.organization(), by(daemons, deadline, CoderAnswer.Unreachable::new),
                        by(jobs, deadline, CoderAnswer.Unreachable::new), by(builds, deadline, CoderAnswer.Unreachable::new),
                        by(health, deadline, CoderAnswer.Unreachable::new));
            } finally {
                threads.shutdownNow();
            }
        }).orElseGet(() -> new Provisioning(c.organization(), noToken(c), noToken(c), noToken(c), noToken(c))));
    }

    private Optional<CoderClient> coder(Probes.Coder c) {
        return secret(c.tokenEnv(), c.tokenFile()).map(token -> new CoderClient(URI.create(c.url()), token, timeout));
    }

    private static <T> CoderAnswer<T> noToken(Probes.Coder c) {
        return new CoderAnswer.Rejected<>(0, "no session token: set " + c.tokenEnv().orElse("a tokenEnv") + " or tokenFile");
    }

    /**
     * The LiteLLM proxy's readiness and liveliness, and with a key its model health; empty when LiteLLM is not
     * configured. A CA file that cannot be used is an observation of the probe, never the end of the sweep.
     */
    public Optional<LiteLLMProbe> litellm() {
        return probes.litellm().map(l -> {
            try (var client = new LiteLLMClient(URI.create(l.url()),
                    secret(l.keyEnv(), l.keyFile()), timeout, l.caFile())) {
                return client.probe();
            } catch (IllegalArgumentException | IllegalStateException e) {
                // never e.getMessage() alone: the client's messages are vetted, but a URI parser's are not ours
                var failed = new LiteLLMAnswer.Unreachable("io", e.getClass().getSimpleName()
                        + ": " + (e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("")));
                return new LiteLLMProbe(l.url(), failed, failed, Optional.empty());
            }
        });
    }

    /** Both digests, read in parallel; empty when no mirror is configured. */
    public Optional<MirrorDigests> mirror() {
        return probes.mirror().map(m -> {
            ImageRef upstream = ImageRef.parse(m.upstream());
            ImageRef mirror = ImageRef.parse(m.image());
            // why the mirror got no password when it asked for one (no AWS credentials, ECR said no), for the report
            AtomicReference<String> noPassword = new AtomicReference<>();
            RegistryClient client = new RegistryClient(RegistryClient.Options.defaults().withTimeout(timeout)
                    .withCredentials(host -> host.equals(mirror.registry())
                            ? password(m, noPassword::set).map(p -> new RegistryCredentials(m.username(), p)) : Optional.empty()));
            long deadline = deadline();
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            try {
                var up = threads.submit(() -> client.digest(upstream));
                var mi = threads.submit(() -> client.digest(mirror));
                return new MirrorDigests(m.upstream(), by(up, deadline, DigestResult.Unreachable::new), m.image(),
                        by(mi, deadline, DigestResult.Unreachable::new),
                        Optional.ofNullable(noPassword.get()));
            } finally {
                threads.shutdownNow();
            }
        });
    }

    /** What a question that came to no answer is said to be, from a reason (timeout, io) and one line. */
    @FunctionalInterface
    private interface Unanswered<T> {
        T of(String reason, String detail);
    }

    /** When a question asked now is given up on: the timeout and {@link #GRACE} from now. */
    private long deadline() {
        return System.nanoTime() + timeout.plus(GRACE).toNanos();
    }

    /**
     * {@code answer}, or what {@code unanswered} makes of its absence by {@code deadline}: its thread is interrupted
     * (the executor is shut down, not closed, since closing waits for what it runs), and the sweep waits for no source
     * longer than for a region. A question that failed is an observation too, never the end of the sweep.
     */
    private <T> T by(Future<T> answer, long deadline, Unanswered<T> unanswered) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return unanswered.of("timeout", late());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return unanswered.of("timeout", "interrupted");
        } catch (ExecutionException e) {
            return unanswered.of("io", e.getCause().getClass().getSimpleName());
        }
    }

    private String late() {
        return "no whole answer within " + timeout.toMillis() / 1000.0 + " s (it takes several requests, each answered slowly)";
    }

    /**
     * The mirror's password from its file or environment variable; for an ECR mirror without either, from ECR's
     * GetAuthorizationToken with the machine's AWS credentials, telling {@code whyNone} when AWS gave none. Read per
     * sweep, never stored.
     */
    private Optional<String> password(Probes.Mirror m, Consumer<String> whyNone) {
        return secret(m.passwordEnv(), m.passwordFile())
                .or(() -> EcrLogin.regionOf(ImageRef.parse(m.image()).registry()).flatMap(region -> switch (EcrLogin.login(region, timeout)) {
                    case EcrPassword.Granted granted -> Optional.of(granted.password());
                    case EcrPassword.Unavailable none -> {
                        whyNone.accept(none.reason());
                        yield Optional.empty();
                    }
                }));
    }

    /** A credential from a file, else an environment variable; read per sweep, never stored. */
    private static Optional<String> secret(Optional<String> env, Optional<Path> file) {
        if (file.isPresent()) {
            try {
                String v = Files.readString(file.get()).strip();
                if (!v.isEmpty()) return Optional.of(v);
            } catch (IOException e) {
                // fall back to the environment variable, if any
            }
        }
        return env.map(System::getenv).filter(v -> !v.isEmpty());
    }
}
