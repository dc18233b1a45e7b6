package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;

import java.util.List;

/**
 * What kube-apiserver fills into a Service it creates, so that {@code kubectl get svc} shows CLUSTER-IP and a
 * LoadBalancer's node ports ("80:31380/TCP") and {@code kubectl describe svc} shows IPs, IP Families and Session
 * Affinity, as on a cluster.
 */
final class ServiceDefaults {

    private static final int NODE_PORT_BASE = 30_000;
    private static final int NODE_PORT_RANGE = 2_768;

    private ServiceDefaults() {}

    static void apply(Service service) {
        ServiceSpec spec = service.getSpec();
        if (spec == null) return;
        if (spec.getType() == null) spec.setType("ClusterIP");
        boolean external = spec.getType().equals("LoadBalancer") || spec.getType().equals("NodePort");
        if (spec.getSessionAffinity() == null) spec.setSessionAffinity("None");
        if (!spec.getType().equals("ExternalName")) {
            if ((spec.getClusterIPs() == null || spec.getClusterIPs().isEmpty()) && spec.getClusterIP() != null) {
                spec.setClusterIPs(List.of(spec.getClusterIP()));
            }
            if (spec.getIpFamilies() == null || spec.getIpFamilies().isEmpty()) spec.setIpFamilies(List.of("IPv4"));
            if (spec.getIpFamilyPolicy() == null) spec.setIpFamilyPolicy("SingleStack");
            if (spec.getInternalTrafficPolicy() == null) spec.setInternalTrafficPolicy("Cluster");
        }
        if (external && spec.getExternalTrafficPolicy() == null) spec.setExternalTrafficPolicy("Cluster");
        if (spec.getType().equals("LoadBalancer") && spec.getAllocateLoadBalancerNodePorts() == null) {
            spec.setAllocateLoadBalancerNodePorts(true);
        }
        if (spec.getPorts() == null) return;
        for (ServicePort port : spec.getPorts()) {
            if (port.getProtocol() == null) port.setProtocol("TCP");
            if (external && port.getNodePort() == null) {
                // the allocator picks a free port at random; the lab picks the same one each time it seeds the Service
                String seed = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName() + ":" + port.getPort();
                port.setNodePort(NODE_PORT_BASE + Math.floorMod(seed.hashCode(), NODE_PORT_RANGE));
            }
        }
    }
}
