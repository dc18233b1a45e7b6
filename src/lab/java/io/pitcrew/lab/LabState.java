package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Optional;

/**
 * The lab as it is now, for a drill's "is the fault still there?": the objects in each region's API server and the
 * stand-ins beside them. Read only.
 */
public final class LabState {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, RegionServer> servers;
    private final Endpoints endpoints;
    private final Topology topology;

    LabState(Map<String, RegionServer> servers, Endpoints endpoints, Topology topology) {
        this.servers = servers;
        this.endpoints = endpoints;
        this.topology = topology;
    }

    /** A platform Deployment of a region (coder, a provisioner pool, LiteLLM, the key rotator), as stored now. */
    Optional<JsonNode> deployment(String region, String deployment) {
        return topology.region(region).component(deployment)
                .flatMap(c -> object(region, "apps/v1", "Deployment", c.namespace(), c.deployment()));
    }

    /** An object of a region's API server, as stored; empty when there is none (deleted, or never made). */
    Optional<JsonNode> object(String region, String apiVersion, String kind, String namespace, String name) {
        RegionServer server = servers.get(region);
        ApiResource resource = ApiResource.byKind(apiVersion, kind).orElseThrow(() -> new IllegalArgumentException("the lab does not serve " + kind));
        String json = server == null ? null : server.store().get(resource.collectionPath(namespace), name);
        return json == null ? Optional.empty() : Optional.of(JSON.readTree(json));
    }

    /** Whether the ECR mirror has the manifest ghcr.io has under the tag coder runs. */
    boolean mirrorInSync() {
        Optional<String> upstream = endpoints.upstream.digest(Endpoints.UPSTREAM_REPO, Endpoints.TAG);
        return upstream.isPresent() && upstream.equals(endpoints.mirror.digest(Endpoints.MIRROR_REPO, Endpoints.TAG));
    }
}
