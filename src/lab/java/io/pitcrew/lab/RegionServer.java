package io.pitcrew.lab;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * One region's Kubernetes API server: plain http on 127.0.0.1. Stopping it is a region going down (connection
 * refused); starting it again binds the same port, with its objects intact.
 */
final class RegionServer implements AutoCloseable {

    private final String region;
    private final RegionStore store = new RegionStore();
    private final LogBook logs = new LogBook();
    private final Authorizer authorizer;
    private final ApiDispatcher dispatcher;
    private volatile KubernetesMockServer server;
    private volatile int port;

    /** @param tokens bearer token to identity, the lab's, for when it enforces RBAC */
    RegionServer(String region, Map<String, Identity> tokens) {
        this.region = region;
        this.authorizer = new Authorizer(store, tokens);
        this.dispatcher = new ApiDispatcher(store, logs, () -> port, new ReplicaController(store, logs), authorizer);
    }

    String region() { return region; }

    RegionStore store() { return store; }

    LogBook logs() { return logs; }

    Authorizer authorizer() { return authorizer; }

    int port() { return port; }

    /** The API group answers 503 until {@link #allApisAvailable()}. */
    void apiUnavailable(String group) { dispatcher.unavailable(group); }

    void allApisAvailable() { dispatcher.allAvailable(); }

    int listRequests(String path) { return dispatcher.listRequests(path); }

    boolean running() { return server != null; }

    /** Starts on {@code port}, or on a free port when 0 (the first start). */
    synchronized void start(int wanted) {
        if (server != null) return;
        KubernetesMockServer s = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), dispatcher, false);
        try {
            s.start(InetAddress.getByName("127.0.0.1"), wanted);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            // a failed bind leaves non-daemon Vert.x threads behind
            s.destroy();
            throw e;
        }
        port = s.getPort();
        server = s;
    }

    synchronized void stop() {
        if (server == null) return;
        server.destroy();
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }
}
