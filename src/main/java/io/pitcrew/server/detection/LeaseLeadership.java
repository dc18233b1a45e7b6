package io.pitcrew.server.detection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.observe.Sweep;

import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Leadership by a coordination.k8s.io Lease in the control-plane region, with Fabric8's leader election: a replica
 * leads while it holds the Lease and renews it in time. A leader that cannot renew for {@link Timing#renew} stops
 * leading before the Lease lapses ({@link Timing#lease}), so two replicas never both lead; the others try every
 * {@link Timing#retry} and one takes it once it has lapsed, or at once when the leader gave it up on its way out
 * ({@link #close}). Leadership lost is sought again, for as long as the replica runs.
 */
public final class LeaseLeadership implements Leadership {

    /**
     * How the election runs.
     *
     * @param lease how long a Lease not renewed holds: after a leader dies without giving it up, this long (plus up to
     *              one {@code retry}) passes before another replica leads
     * @param renew how long a leader keeps trying to renew before it stops leading; shorter than {@code lease}
     * @param retry how often a replica tries to take the Lease, and a leader renews it
     */
    public record Timing(Duration lease, Duration renew, Duration retry) {
        /** Kubernetes' own controllers' defaults (kube-controller-manager, kube-scheduler). */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final KubernetesClient client;
    private final LeaseName lease;
    private final String identity;
    private final Timing timing;
    private final PrintStream say;
    private final LeaseLock lock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService again = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("serve-lease").factory());
    private volatile boolean leads;
    private volatile boolean closed;
    private CompletableFuture<?> election;

    private LeaseLeadership(KubernetesClient client, LeaseName lease, String identity, Timing timing, PrintStream say) {
        this.client = client;
        this.lease = lease;
        this.identity = identity;
        this.timing = timing;
        this.say = say;
        this.lock = new WholeLeaseLock();
    }

    /**
     * Takes part in the election of {@code lease} in the control-plane region of {@code config}, as {@code identity},
     * saying on {@code say} when this replica starts and stops leading and when the Lease cannot be read or written.
     *
     * @throws IllegalArgumentException when the region refuses pitcrew the Lease (403): what to grant, where
     */
    public static LeaseLeadership elect(PitcrewConfig config, Kubeconfig kubeconfig, LeaseName lease, String identity, Timing timing,
                                        PrintStream say) {
        Region region = config.regions().stream().filter(Region::isControlPlane).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--lease " + lease + ": pitcrew.yaml has no region with role: control-plane to hold the Lease"));
        Config c = Sweep.clientConfig(kubeconfig, region.context(), config.thresholds().regionTimeout());
        // a renewal that hangs must give up before the renew deadline passes, not after it
        c.setRequestTimeout((int) Math.min(c.getRequestTimeout(), timing.retry().multipliedBy(2).toMillis()));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(c).build();
        try {
            refusedOrNot(client, lease, region);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        LeaseLeadership l = new LeaseLeadership(client, lease, identity, timing, say);
        say.println("pitcrew serve: electing a leader with the Lease " + lease + " in " + region.name() + ", as " + identity);
        l.run();
        return l;
    }

    /** A Lease pitcrew may not read is said at start, with what to grant: otherwise no replica would ever lead. */
    private static void refusedOrNot(KubernetesClient client, LeaseName lease, Region region) {
        try {
            client.leases().inNamespace(lease.namespace()).withName(lease.name()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new IllegalArgumentException("--lease " + lease + ": the control-plane region " + region.name() + " refuses pitcrew "
                        + "the Lease (403 Forbidden): grant get, create and update on leases.coordination.k8s.io in namespace "
                        + lease.namespace() + " (the chart's serve.lease does)");
            }
            // unreachable now: the election keeps trying, and says so
        }
    }

    private synchronized void run() {
        if (closed) return;
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("pitcrew serve")
                .withLock(lock)
                .withLeaseDuration(timing.lease())
                .withRenewDeadline(timing.renew())
                .withRetryPeriod(timing.retry())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::another))
                .build()).build().start();
        // an elector is done once its leader could not renew in time: a new one seeks the lead again
        election.whenComplete((done, failed) -> {
            leads = false;
            if (!closed) again.schedule(this::run, timing.retry().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private void started() {
        leads = true;
        say.println("pitcrew serve: leading (Lease " + lease + ")");
        listeners.forEach(Runnable::run);
    }

    private void stopped() {
        if (!leads) return;
        leads = false;
        if (!closed) say.println("pitcrew serve: no longer leading (Lease " + lease + ")");
    }

    /** Who leads now, as a follower hears it: said, so an operator reading one replica's log knows where to look. */
    private void another(String leader) {
        if (leader != null && !leader.isEmpty() && !leader.equals(identity) && !closed) {
            say.println("pitcrew serve: " + leader + " leads (Lease " + lease + ")");
        }
    }

    @Override
    public boolean leads() {
        return leads;
    }

    @Override
    public void onLeading(Runnable listener) {
        listeners.add(listener);
        if (leads) listener.run();
    }

    /** Gives the Lease up if held, so another replica leads at its next try instead of after the Lease lapses; then stops. */
    @Override
    public void close() {
        CompletableFuture<?> running;
        synchronized (this) {
            closed = true;
            running = election;
        }
        again.shutdownNow();
        // cancelling stops the renewals and runs Fabric8's release (releaseOnCancel) right here: the Lease written
        // with no holder, which the others take at their next try
        if (running != null) running.cancel(true);
        leads = false;
        client.close();
    }

    private static String reason(KubernetesClientException e) {
        String status = e.getStatus() == null ? null : e.getStatus().getMessage();
        return e.getCode() > 0 ? (e.getCode() + " " + Objects.requireNonNullElse(status, "")).strip()
                : Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    }

    /**
     * The Lease as the elector reads and writes it. Fabric8's LeaseLock writes it as a JSON merge patch, where a holder
     * of null is left out and so left as it was: a leader giving the Lease up kept its name in it, renewed just now, and
     * the others waited the whole lease duration (LeaseLeadershipTest). This one writes the Lease whole, a PUT of the
     * version read (refused with 409 when another replica wrote meanwhile), so a Lease given up has no holder; and it
     * needs {@code update}, not {@code patch}. It also says once when the Lease cannot be read or written (and when it
     * can again): the elector itself only logs, every try. A 409 is the election working, never said.
     */
    private final class WholeLeaseLock extends LeaseLock {
        private Lease read;
        private String failing;

        WholeLeaseLock() {
            super(lease.namespace(), lease.name(), identity);
        }

        @Override
        public synchronized LeaderElectionRecord get(KubernetesClient c) {
            return told(() -> {
                read = c.leases().inNamespace(lease.namespace()).withName(lease.name()).get();
                return read == null ? null : toRecord(read);
            });
        }

        @Override
        public synchronized void create(KubernetesClient c, LeaderElectionRecord r) {
            told(() -> read = c.resource(toResource(r, getObjectMeta(null))).create());
        }

        @Override
        public synchronized void update(KubernetesClient c, LeaderElectionRecord r) {
            Objects.requireNonNull(read, "get or create must be called first");
            told(() -> read = c.resource(toResource(r, getObjectMeta(read.getMetadata().getResourceVersion()))).update());
        }

        private <T> T told(Supplier<T> call) {
            try {
                T result = call.get();
                if (failing != null && !closed) say.println("pitcrew serve: the Lease " + lease + " answers again");
                failing = null;
                return result;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    String why = reason(e);
                    if (!why.equals(failing) && !closed) {
                        say.println("warning: --lease " + lease + ": the Lease cannot be read or written (" + why
                                + "); this replica cannot lead until it can");
                    }
                    failing = why;
                }
                throw e;
            }
        }
    }
}
