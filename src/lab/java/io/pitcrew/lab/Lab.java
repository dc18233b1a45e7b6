package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated three-region platform in this process: one Kubernetes API server per region of the runbook,
 * seeded with the healthy platform, plus a scenario's overlay. pitcrew reads it through an ordinary
 * kubeconfig and cannot tell it from the real thing.
 */
public final class Lab implements AutoCloseable {

    private final Path dir;
    private final List<Region> regions;
    private final Map<String, RegionServer> servers = new LinkedHashMap<>();
    private final Topology topology;
    private final ControlServer control;
    private final Endpoints endpoints = new Endpoints();
    /** Bearer token to identity, for every region: what the API servers authenticate once RBAC is enforced. */
    private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
    /** The workshops scenarios put in the lab's pitcrew.yaml. */
    private final List<Workshop> workshops = new ArrayList<>();
    private String scenario;
    private final LabDrill drill = new LabDrill(new LabDrill.Platform() {
        @Override
        public void rebase(Instant now) {
            Lab.this.rebase(now);
        }

        @Override
        public void write(String what, List<Change> changes) {
            Lab.this.write(what, changes);
        }

        @Override
        public Topology topology() {
            return topology;
        }

        @Override
        public LabState state() {
            return new LabState(servers, endpoints, topology);
        }
    });

    private Lab(Path dir, List<Region> regions, int workspacesPerRegion) {
        this.dir = dir;
        this.regions = regions;
        Map<String, RegionPlan> plans = new LinkedHashMap<>();
        for (Region r : regions) {
            plans.put(r.name(), HealthyBase.plan(r, workspacesPerRegion, r.name().hashCode()));
            servers.put(r.name(), new RegionServer(r.name(), tokens));
            tokens.put(LabFiles.adminToken(r.name()), Identity.admin());
        }
        this.topology = new Topology(plans);
        Instant now = Instant.now();
        seedAll(now);
        endpoints.healthy(coderServices());
        endpoints.coder.setProvisioning(CoderProvisioning.healthy(topology, now));
        RegionServer control = servers.get(Scenarios.CONTROL);
        if (control != null) {
            endpoints.coder.followProvisionerPods(() -> control.store().runningPods(
                    PitcrewConfig.runbookDefaults().names().coderNamespace(), PitcrewConfig.runbookDefaults().names().provisionerSelector()));
            endpoints.litellm.followCredentials(() -> {
                String json = control.store().get(ApiResource.byPlural("v1", "secrets").orElseThrow().collectionPath("litellm"),
                        LiteLLMScenarios.AWS_SECRET);
                return json == null ? null : Serialization.unmarshal(json,
                        Secret.class).getMetadata().getResourceVersion();
            });
        }
        try {
            servers.values().forEach(s -> s.start(0));
            this.control = ControlServer.start(this);
        } catch (RuntimeException e) {
            servers.values().forEach(RegionServer::close);
            endpoints.close();
            throw e;
        }
    }

    /**
     * Starts the three API servers with the healthy base ({@code workspacesPerRegion} workspaces each), applies
     * {@code scenario} (null or "healthy" for none) and writes kubeconfig, pitcrew.yaml and lab.json into dir.
     */
    public static Lab start(Path dir, String scenario, int workspacesPerRegion) {
        Scenario s = scenario == null ? null : resolve(scenario);
        if (workspacesPerRegion < 0) throw new IllegalArgumentException("workspaces per region must be 0 or more");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create lab directory " + dir, e);
        }
        Lab lab = new Lab(dir.toAbsolutePath(), PitcrewConfig.runbookDefaults().regions(), workspacesPerRegion);
        try {
            lab.scenario = scenario;
            if (s != null) lab.apply(s);
            lab.writeFiles();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    public Path kubeconfig() { return dir.resolve(LabFiles.KUBECONFIG); }

    public Path config() { return dir.resolve(LabFiles.CONFIG); }

    public Path dir() { return dir; }

    /** The API server port of each region, by region name. */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        servers.forEach((name, s) -> ports.put(name, s.port()));
        return ports;
    }

    public int controlPort() { return control.port(); }

    /**
     * How many list requests {@code region}'s API server has answered for the collection {@code path} (such as
     * {@code /api/v1/pods}, every pod of every namespace), each page of a list in pages counting as one.
     */
    public int listRequests(String region, String path) {
        RegionServer server = servers.get(region);
        if (server == null) throw new IllegalArgumentException("the lab has no region " + region);
        return server.listRequests(path);
    }

    /**
     * From now on every region's API server authenticates and authorizes as kube-apiserver does: the lab's own
     * kubeconfig is a cluster administrator ({@code system:masters}), a token of {@link #serviceAccountToken} is its
     * ServiceAccount, and what either may do is what the Roles, ClusterRoles and bindings stored in that region
     * grant (kube-apiserver's bootstrap policy is stored first). A refusal is kube-apiserver's 403, an unknown token
     * its 401. A reset keeps the roles and bindings.
     */
    public synchronized void enforceRbac() {
        servers.values().forEach(s -> s.authorizer().enforce());
    }

    /**
     * A bearer token that authenticates as the ServiceAccount {@code namespace/name} in every region, as the token
     * Kubernetes mounts into that ServiceAccount's pods would. It grants nothing by itself: bindings in each region do.
     */
    public String serviceAccountToken(String namespace, String name) {
        String token = "lab-sa-" + namespace + "-" + name + "-" + UUID.randomUUID();
        tokens.put(token, Identity.serviceAccount(namespace, name));
        return token;
    }

    /** A kubeconfig like the lab's, named {@code fileName} in its directory, whose every region's user holds {@code token}. */
    public Path kubeconfigWithToken(String fileName, String token) {
        Path file = dir.resolve(fileName);
        LabFiles.writeKubeconfig(file, regions, ports(), region -> token);
        return file;
    }

    /** Every request {@code region}'s API server authorized or refused since {@link #enforceRbac}, in order. */
    public List<ApiAccess> accessLog(String region) {
        RegionServer server = servers.get(region);
        if (server == null) throw new IllegalArgumentException("the lab has no region " + region);
        return server.authorizer().log();
    }

    /** Applies a scenario's overlay to the running lab. */
    public synchronized void inject(String scenario) {
        int before = workshops.size();
        apply(resolve(scenario));
        if (workshops.size() != before) writeFiles();
    }

    /** kubeconfig, pitcrew.yaml (with the workshops scenarios put there) and lab.json. */
    private void writeFiles() {
        LabFiles.write(dir, regions, ports(), control.port(), scenario, endpoints, workshops);
    }

    /**
     * Back to the healthy base: objects and logs re-made as of now, stopped regions started again. A drill running on
     * the lab is aborted: a reset is not a fix.
     */
    public void reset() {
        drill.abort("the lab was reset");
        rebase(Instant.now());
    }

    /** The healthy base again, as of {@code now}; a drill's injection starts from it too. */
    private synchronized void rebase(Instant now) {
        if (!workshops.isEmpty()) {
            workshops.clear();
            writeFiles();
        }
        reseedAll(now);
        servers.values().forEach(RegionServer::allApisAvailable);
        endpoints.healthy(coderServices());
        endpoints.coder.setProvisioning(CoderProvisioning.healthy(topology, now));
        servers.values().forEach(s -> s.start(s.port()));
    }

    /** The drill the lab runs: armed, told and ended through the control port. */
    LabDrill drill() {
        return drill;
    }

    @Override
    public void close() {
        // outside the lab's lock: the drill's timer may hold the drill's and wait for the lab's
        drill.close();
        shutDown();
    }

    private synchronized void shutDown() {
        if (control != null) control.stop();
        servers.values().forEach(RegionServer::close);
        endpoints.close();
        try {
            Files.deleteIfExists(dir.resolve(LabFiles.STATE));
        } catch (IOException ignored) {
            // a stale lab.json is detected by the next inject (nothing listens on its port)
        }
    }

    private void apply(Scenario scenario) {
        write(scenario.name(), scenario.changes(topology, Instant.now()));
    }

    /** Makes a scenario's (or a drill stage's) changes; {@code what} names it when a change names no region of the lab. */
    private synchronized void write(String what, List<Change> changes) {
        for (Change change : changes) {
            RegionServer server = servers.get(change.region());
            if (server == null) throw new IllegalStateException(what + " names no region of the lab: " + change.region());
            switch (change) {
                case Change.Put put -> server.store().put(put.object());
                case Change.Delete delete -> server.store().delete(delete.ref());
                case Change.Logs logs -> server.logs().append(logs.namespace(), logs.pod(), logs.lines());
                case Change.StopRegion stop -> server.stop();
                case Change.ApiUnavailable api -> server.apiUnavailable(api.group());
                case Change.Dns dns -> {
                    if (dns.name().startsWith("*.")) endpoints.dns.setWildcard(dns.name().substring(2), dns.answer());
                    else endpoints.dns.set(dns.name(), dns.answer());
                }
                case Change.Health h -> endpoints.health.set(h.region(), h.state());
                case Change.Proxy p -> endpoints.coder.setProxy(p.proxy(), p.healthy(), p.status(), p.errors());
                case Change.Provisioning p -> endpoints.coder.setProvisioning(p.state());
                case Change.UpstreamPublishes p -> endpoints.upstream.put(Endpoints.UPSTREAM_REPO, Endpoints.TAG, p.build());
                case Change.LiteLLM l -> endpoints.litellm.set(l.state());
                case Change.Workshop w -> workshops.add(w.workshop());
            }
        }
    }

    private void seedAll(Instant now) {
        // regions are independent: seed them side by side
        servers.values().parallelStream().forEach(s -> {
            s.store().clear();
            s.logs().clear();
            HealthyBase.seed(topology.region(s.region()), now, s.store()::seed, s.logs());
        });
    }

    /**
     * Back to the healthy base through the store's watch events, so a watcher (pitcrew serve) sees the reset: objects
     * the base does not have are deleted, the others written again.
     */
    private void reseedAll(Instant now) {
        servers.values().parallelStream().forEach(s -> {
            s.logs().clear();
            List<HasMetadata> base = new ArrayList<>();
            HealthyBase.seed(topology.region(s.region()), now, base::add, s.logs());
            s.store().replaceAll(base);
        });
    }

    /** Each region's coder Service as the healthy base made it (the load balancers DNS points at). */
    private Map<String, Service> coderServices() {
        Map<String, Service> out = new LinkedHashMap<>();
        for (Region r : regions) out.put(r.name(), (Service) Components.coderService(r.name()));
        return out;
    }

    private static Scenario resolve(String name) {
        if (name == null) return null;
        return Scenarios.byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown scenario '" + name + "'; valid scenarios: " + String.join(", ", Scenarios.names())));
    }
}
