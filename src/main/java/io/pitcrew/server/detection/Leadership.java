package io.pitcrew.server.detection;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether this replica of {@code pitcrew serve} leads. Every replica watches, diagnoses and answers the API, the
 * dashboard and the status page; only the leader records finding transitions on incident timelines and announces
 * them ({@link FindingNotices}). Without {@code --lease} a serve is alone and always leads ({@link #alone()}); with it,
 * a Kubernetes Lease decides ({@link LeaseLeadership}).
 */
public interface Leadership extends AutoCloseable {

    boolean leads();

    /**
     * Hears each time this replica starts leading — at once when it leads already — so it can take over: read what the
     * store says was announced and catch up. Called on the election's thread: hand the work over, do not do it there.
     */
    void onLeading(Runnable listener);

    /** Stops taking part; a leader gives the lead up, so another replica takes over without waiting for it to lapse. */
    @Override
    void close();

    /** A serve without {@code --lease}: the only one, so it leads from start to end. */
    static Leadership alone() {
        return new Leadership() {
            @Override
            public boolean leads() { return true; }

            @Override
            public void onLeading(Runnable listener) { listener.run(); }

            @Override
            public void close() {}
        };
    }

    /**
     * Who this replica is in the Lease: the pod's name ({@code HOSTNAME}, as Kubernetes sets it) or the machine's, and
     * the process id, so two serves on one machine, or a container started again in the same pod, are never the same.
     */
    static String identity() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "pitcrew";
            }
        });
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
