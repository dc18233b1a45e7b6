package io.pitcrew.lab;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cells of each kind's printer, as Kubernetes' pkg/printers/internalversion (and the CRDs' printer columns)
 * compute them, for the states the lab's scenarios put objects in and their healthy counterparts.
 */
class TablePrintersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    // --- pods ----------------------------------------------------------------------------------------------------

    @Test
    void aRunningPodIsReadyWithItsRestartsAndWhenTheLastWas() {
        Map<String, Object> cells = cells(new PodTable(), """
                {"metadata":{"name":"w","creationTimestamp":"2026-12-04T09:00:00Z"},
                 "spec":{"nodeName":"ip-10-0-1-4","containers":[{"name":"dev"}]},
                 "status":{"phase":"Running","podIP":"10.1.2.3","conditions":[{"type":"Ready","status":"True"}],
                  "containerStatuses":[{"name":"dev","ready":true,"restartCount":5,"state":{"running":{}},
                   "lastState":{"terminated":{"reason":"OOMKilled","finishedAt":"2026-12-04T11:58:00Z"}}}]}}""");
        assertThat(cells).containsEntry("Ready", "1/1").containsEntry("Status", "Running")
                .containsEntry("Restarts", "5 (2m ago)").containsEntry("Age", "3h").containsEntry("IP", "10.1.2.3")
                .containsEntry("Node", "ip-10-0-1-4").containsEntry("Nominated Node", "<none>")
                .containsEntry("Readiness Gates", "<none>");
    }

    @Test
    void aContainerWaitingOrTerminatedGivesStatusItsReasonOverThePhase() {
        assertThat(status(pod("Running", null, "{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}", false))).isEqualTo("CrashLoopBackOff");
        assertThat(status(pod("Pending", null, "{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}", false))).isEqualTo("ImagePullBackOff");
        assertThat(status(pod("Running", null, "{\"terminated\":{\"reason\":\"OOMKilled\",\"exitCode\":137}}", false))).isEqualTo("OOMKilled");
        assertThat(status(pod("Failed", null, "{\"terminated\":{\"exitCode\":2}}", false))).isEqualTo("ExitCode:2");
        assertThat(status(pod("Running", null, "{\"running\":{}}", true))).isEqualTo("Running");
    }

    @Test
    void anEvictedPodShowsEvictedOnlyWhileNoContainerStateSaysOtherwise() {
        // the kubelet's pod-level reason, with no container state that overrides it (printPod sets the pod reason first)
        assertThat(status(pod("Failed", "Evicted", null, false))).isEqualTo("Evicted");
        assertThat(status(pod("Failed", "Evicted", "{\"running\":{}}", false))).isEqualTo("Evicted");
        // a container the kubelet could no longer find when it wrote the final status: its reason is what kubectl shows
        assertThat(status(pod("Failed", "Evicted", "{\"terminated\":{\"reason\":\"ContainerStatusUnknown\",\"exitCode\":137}}", false)))
                .isEqualTo("ContainerStatusUnknown");
    }

    @Test
    void aPodBeingDeletedIsTerminatingUnlessItHasFinished() {
        String deleting = """
                {"metadata":{"name":"w","deletionTimestamp":"2026-12-04T11:59:00Z"},"spec":{"containers":[{"name":"c"}]},
                 "status":{"phase":"%s","containerStatuses":[{"name":"c","ready":true,"state":{"running":{}}}]}}""";
        assertThat(cells(new PodTable(), deleting.formatted("Running")).get("Status")).isEqualTo("Terminating");
        assertThat(cells(new PodTable(), deleting.formatted("Succeeded")).get("Status")).isEqualTo("Succeeded");
    }

    @Test
    void initContainersShowInitProgress() {
        Map<String, Object> cells = cells(new PodTable(), """
                {"metadata":{"name":"w"},"spec":{"initContainers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"c"}]},
                 "status":{"phase":"Pending","initContainerStatuses":[
                   {"name":"a","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
                   {"name":"b","state":{"running":{}}}]}}""");
        assertThat(cells).containsEntry("Status", "Init:1/2").containsEntry("Ready", "0/1");
        assertThat(cells(new PodTable(), """
                {"metadata":{"name":"w"},"spec":{"initContainers":[{"name":"a"}],"containers":[{"name":"c"}]},
                 "status":{"phase":"Pending","initContainerStatuses":[{"name":"a","state":{"waiting":{"reason":"ImagePullBackOff"}}}]}}""")
                .get("Status")).isEqualTo("Init:ImagePullBackOff");
    }

    // --- nodes ---------------------------------------------------------------------------------------------------

    @Test
    void aNodeIsReadyOrNotAndSchedulingDisabledWhenCordoned() {
        String node = """
                {"metadata":{"name":"n","creationTimestamp":"2026-12-01T12:00:00Z","labels":{"kubernetes.io/os":"linux"%s}},
                 "spec":{"unschedulable":%s},
                 "status":{"conditions":[{"type":"MemoryPressure","status":"True"},{"type":"Ready","status":"%s"}],
                  "addresses":[{"type":"InternalIP","address":"10.0.1.4"},{"type":"Hostname","address":"n"}],
                  "nodeInfo":{"kubeletVersion":"v1.31.4-eks-aeac579","osImage":"Amazon Linux 2023","kernelVersion":"6.1",
                   "containerRuntimeVersion":"containerd://1.7.25"}}}""";
        Map<String, Object> healthy = cells(new NodeTable(), node.formatted("", "false", "True"));
        assertThat(healthy).containsEntry("Status", "Ready").containsEntry("Roles", "<none>").containsEntry("Age", "3d")
                .containsEntry("Version", "v1.31.4-eks-aeac579").containsEntry("Internal-IP", "10.0.1.4")
                .containsEntry("External-IP", "<none>").containsEntry("Container-Runtime", "containerd://1.7.25");
        assertThat(cells(new NodeTable(), node.formatted(",\"node-role.kubernetes.io/worker\":\"\"", "true", "False")))
                .containsEntry("Status", "NotReady,SchedulingDisabled").containsEntry("Roles", "worker");
        assertThat(cells(new NodeTable(), "{\"metadata\":{\"name\":\"n\"}}"))
                .containsEntry("Status", "Unknown").containsEntry("Age", "<unknown>").containsEntry("OS-Image", "<unknown>");
    }

    // --- events --------------------------------------------------------------------------------------------------

    @Test
    void anEventNamesItsObjectByKindAndNameAndCountsOccurrences() {
        Map<String, Object> cells = cells(new EventTable(), """
                {"metadata":{"name":"w.17f"},"type":"Warning","reason":"BackOff","message":"Back-off restarting failed container \\n",
                 "involvedObject":{"kind":"Pod","name":"w","fieldPath":"spec.containers{dev}"},
                 "source":{"component":"kubelet","host":"ip-10-0-1-4"},
                 "firstTimestamp":"2026-12-04T11:49:00Z","lastTimestamp":"2026-12-04T11:55:00Z","count":3}""");
        assertThat(cells).containsEntry("Last Seen", "5m").containsEntry("First Seen", "11m").containsEntry("Count", 3L)
                .containsEntry("Object", "pod/w").containsEntry("Subobject", "spec.containers{dev}")
                .containsEntry("Source", "kubelet, ip-10-0-1-4").containsEntry("Message", "Back-off restarting failed container")
                .containsEntry("Name", "w.17f").containsEntry("Type", "Warning").containsEntry("Reason", "BackOff");
        // an events.k8s.io event seen through core v1: eventTime, no count, the reporting controller
        assertThat(cells(new EventTable(), """
                {"metadata":{"name":"e"},"eventTime":"2026-12-04T11:59:30.000000Z","reportingComponent":"karpenter",
                 "involvedObject":{"kind":"NodePool"}}"""))
                .containsEntry("Last Seen", "30s").containsEntry("Count", 1L).containsEntry("Object", "nodepool")
                .containsEntry("Source", "karpenter");
    }

    // --- services ------------------------------------------------------------------------------------------------

    @Test
    void aLoadBalancerWithoutIngressIsPendingAndOneWithItShowsTheWholeName() {
        String service = """
                {"metadata":{"name":"coder","creationTimestamp":"2026-10-25T12:00:00Z"},
                 "spec":{"type":"LoadBalancer","clusterIP":"172.20.41.17","clusterIPs":["172.20.41.17"],
                  "selector":{"app.kubernetes.io/name":"coder","app.kubernetes.io/instance":"coder"},
                  "ports":[{"name":"http","port":80,"nodePort":31943,"protocol":"TCP"},{"port":443,"protocol":"TCP"}]},
                 "status":{"loadBalancer":%s}}""";
        String elb = "k8s-coder-coder-6bccac71-1843921175.elb.us-east-2.amazonaws.com";
        Map<String, Object> ready = cells(new ServiceTable(), service.formatted("{\"ingress\":[{\"hostname\":\"" + elb + "\"}]}"));
        assertThat(ready).containsEntry("Type", "LoadBalancer").containsEntry("Cluster-IP", "172.20.41.17")
                .containsEntry("External-IP", elb).containsEntry("Port(s)", "80:31943/TCP,443/TCP").containsEntry("Age", "40d")
                .containsEntry("Selector", "app.kubernetes.io/instance=coder,app.kubernetes.io/name=coder");
        assertThat(cells(new ServiceTable(), service.formatted("{}")).get("External-IP")).isEqualTo("<pending>");
        assertThat(cells(new ServiceTable(), "{\"metadata\":{\"name\":\"h\"},\"spec\":{\"clusterIP\":\"None\",\"ports\":[{\"port\":53,\"protocol\":\"UDP\"}]}}"))
                .containsEntry("Type", "ClusterIP").containsEntry("Cluster-IP", "None").containsEntry("External-IP", "<none>")
                .containsEntry("Port(s)", "53/UDP").containsEntry("Selector", "<none>");
    }

    // --- secrets, config, namespaces, accounts -------------------------------------------------------------------

    @Test
    void aSecretShowsItsTypeAndHowManyKeysNeverAValue() {
        Map<String, Object> cells = cells(new SecretTable(), """
                {"metadata":{"name":"ecr-pull-secret","creationTimestamp":"2026-12-04T10:00:00Z"},
                 "type":"kubernetes.io/dockerconfigjson","data":{".dockerconfigjson":"c2VjcmV0LXZhbHVl"}}""");
        assertThat(cells).containsExactly(Map.entry("Name", "ecr-pull-secret"), Map.entry("Type", "kubernetes.io/dockerconfigjson"),
                Map.entry("Data", 1L), Map.entry("Age", "120m"));
        assertThat(cells(new ConfigMapTable(), "{\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"1\"},\"binaryData\":{\"b\":\"AA==\"}}"))
                .containsEntry("Data", 2L);
        assertThat(cells(new NamespaceTable(), "{\"metadata\":{\"name\":\"coder\"},\"status\":{\"phase\":\"Active\"}}"))
                .containsEntry("Status", "Active");
        assertThat(cells(new ServiceAccountTable(), "{\"metadata\":{\"name\":\"sa\"}}")).containsEntry("Secrets", 0L);
    }

    // --- workloads -----------------------------------------------------------------------------------------------

    @Test
    void aDeploymentShowsReadyOfDesiredAndWhatItRuns() {
        String deployment = """
                {"metadata":{"name":"coder-provisioner-default","creationTimestamp":"2026-10-25T12:00:00Z"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"coder-provisioner","pool":"default"}},
                  "template":{"spec":{"containers":[{"name":"provisioner","image":"ghcr.io/coder/coder:v2.25.0"},
                   {"name":"sidecar","image":"busybox"}]}}},
                 "status":{"replicas":6,"readyReplicas":%d,"updatedReplicas":6,"availableReplicas":%d}}""";
        assertThat(cells(new DeploymentTable(), deployment.formatted(6, 6, 6))).containsEntry("Ready", "6/6")
                .containsEntry("Up-to-date", 6L).containsEntry("Available", 6L).containsEntry("Age", "40d")
                .containsEntry("Containers", "provisioner,sidecar").containsEntry("Images", "ghcr.io/coder/coder:v2.25.0,busybox")
                .containsEntry("Selector", "app=coder-provisioner,pool=default");
        assertThat(cells(new DeploymentTable(), deployment.formatted(6, 4, 4))).containsEntry("Ready", "4/6").containsEntry("Available", 4L);
    }

    @Test
    void selectorsPrintAsLabelSelectorsDo() {
        JsonNode selector = JSON.readTree("""
                {"matchLabels":{"b":"2"},"matchExpressions":[{"key":"a","operator":"In","values":["y","x"]},
                 {"key":"c","operator":"Exists"},{"key":"d","operator":"DoesNotExist"},{"key":"e","operator":"NotIn","values":["z"]}]}""");
        assertThat(Cells.selector(selector)).isEqualTo("a in (x,y),b=2,c,!d,e notin (z)");
        assertThat(Cells.selectorOrNone(JSON.readTree("{}"))).isEqualTo("<none>");
    }

    @Test
    void aJobShowsCompletionsAndHowLongItTook() {
        assertThat(cells(new JobTable(), """
                {"metadata":{"name":"backup"},"spec":{"completions":1,"template":{"spec":{"containers":[{"name":"b","image":"pg"}]}}},
                 "status":{"succeeded":1,"startTime":"2026-12-04T10:00:00Z","completionTime":"2026-12-04T10:01:30Z",
                  "conditions":[{"type":"Complete","status":"True"}]}}"""))
                .containsEntry("Status", "Complete").containsEntry("Completions", "1/1").containsEntry("Duration", "90s");
        assertThat(cells(new JobTable(), "{\"metadata\":{\"name\":\"j\"},\"spec\":{\"parallelism\":3},\"status\":{}}"))
                .containsEntry("Status", "Running").containsEntry("Completions", "0/1 of 3").containsEntry("Duration", "");
    }

    @Test
    void replicaAndStatefulSetsCountTheirPods() {
        assertThat(cells(new ReplicaSetTable(), "{\"metadata\":{\"name\":\"r\"},\"spec\":{\"replicas\":3},\"status\":{\"replicas\":3,\"readyReplicas\":2}}"))
                .containsEntry("Desired", 3L).containsEntry("Current", 3L).containsEntry("Ready", 2L).containsEntry("Selector", "<none>");
        assertThat(cells(new StatefulSetTable(), "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"replicas\":3},\"status\":{\"readyReplicas\":1}}"))
                .containsEntry("Ready", "1/3");
        assertThat(cells(new DaemonSetTable(), "{\"metadata\":{\"name\":\"d\"},\"status\":{\"desiredNumberScheduled\":9,\"numberReady\":8}}"))
                .containsEntry("Desired", 9L).containsEntry("Ready", 8L).containsEntry("Node Selector", "<none>");
    }

    @Test
    void bindingsNameTheirRoleAndSubjects() {
        assertThat(cells(new RoleBindingTable(), """
                {"metadata":{"name":"pitcrew"},"roleRef":{"kind":"ClusterRole","name":"pitcrew-read"},
                 "subjects":[{"kind":"ServiceAccount","namespace":"pitcrew","name":"pitcrew"},{"kind":"Group","name":"oncall"},
                  {"kind":"User","name":"ada"}]}"""))
                .containsEntry("Role", "ClusterRole/pitcrew-read").containsEntry("Users", "ada").containsEntry("Groups", "oncall")
                .containsEntry("ServiceAccounts", "pitcrew/pitcrew");
        assertThat(cells(new CreatedAtTable(),
                "{\"metadata\":{\"name\":\"view\",\"creationTimestamp\":\"2026-10-25T12:00:00.123456Z\"}}"))
                .containsEntry("Created At", "2026-10-25T12:00:00Z");
        assertThat(cells(new PodDisruptionBudgetTable(), "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"minAvailable\":\"50%\"},\"status\":{\"disruptionsAllowed\":1}}"))
                .containsEntry("Min Available", "50%").containsEntry("Max Unavailable", "N/A").containsEntry("Allowed Disruptions", 1L);
    }

    @Test
    void anEndpointSliceListsThreeAddressesThenHowManyMore() {
        String slice = """
                {"metadata":{"name":"coder-c7a6e"},"addressType":"IPv4","ports":[{"name":"http","port":8080}],
                 "endpoints":[%s]}""";
        assertThat(cells(new EndpointSliceTable(), slice.formatted(
                "{\"addresses\":[\"10.0.0.1\"]},{\"addresses\":[\"10.0.0.2\"]},{\"addresses\":[\"10.0.0.3\"]},{\"addresses\":[\"10.0.0.4\"]}")))
                .containsEntry("AddressType", "IPv4").containsEntry("Ports", "8080")
                .containsEntry("Endpoints", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...");
        assertThat(cells(new EndpointSliceTable(), slice.formatted("")).get("Endpoints")).isEqualTo("<unset>");
    }

    // --- Karpenter -----------------------------------------------------------------------------------------------

    @Test
    void aNodePoolShowsItsNodeClassNodesAndReadiness() {
        String pool = """
                {"metadata":{"name":"default","creationTimestamp":"2026-10-25T12:00:00Z"},
                 "spec":{"template":{"spec":{"nodeClassRef":{"name":"default"}}}},
                 "status":{"nodes":9,"resources":{"cpu":"144","memory":"585213444Ki"},
                  "conditions":[{"type":"NodeClassReady","status":"True"},{"type":"Ready","status":"%s"}]}}""";
        assertThat(cells(CustomResourceTable.NODE_POOLS, pool.formatted("True"))).containsEntry("NodeClass", "default")
                .containsEntry("Nodes", "9").containsEntry("Ready", "True").containsEntry("Age", "40d")
                .containsEntry("Weight", null).containsEntry("CPU", "144").containsEntry("Memory", "585213444Ki");
        assertThat(cells(CustomResourceTable.NODE_POOLS, pool.formatted("False")).get("Ready")).isEqualTo("False");
        assertThat(columnNames(CustomResourceTable.NODE_POOLS, 0)).containsExactly("Name", "NodeClass", "Nodes", "Ready", "Age");
    }

    @Test
    void aNodeClaimReadsItsLabelsThroughEscapedDots() {
        Map<String, Object> cells = cells(CustomResourceTable.NODE_CLAIMS, """
                {"metadata":{"name":"default-2wxzs","creationTimestamp":"2026-12-04T11:52:00Z",
                  "labels":{"node.kubernetes.io/instance-type":"m6i.4xlarge","karpenter.sh/capacity-type":"on-demand",
                   "topology.kubernetes.io/zone":"us-east-2a","karpenter.sh/nodepool":"default"}},
                 "status":{"conditions":[{"type":"Launched","status":"False"},{"type":"Ready","status":"Unknown"}]}}""");
        assertThat(cells).containsEntry("Type", "m6i.4xlarge").containsEntry("Capacity", "on-demand")
                .containsEntry("Zone", "us-east-2a").containsEntry("Node", null).containsEntry("Ready", "Unknown")
                .containsEntry("Age", "8m").containsEntry("NodePool", "default").containsEntry("Drifted", null);
    }

    // --- the table itself ----------------------------------------------------------------------------------------

    @Test
    void aTableCarriesItsPageTokenAndEachRowsMetadataOrObjectAsAsked() {
        JsonNode list = JSON.readTree("""
                {"kind":"SecretList","metadata":{"resourceVersion":"42","continue":"abc:2","remainingItemCount":3},
                 "items":[{"metadata":{"name":"s","namespace":"coder","labels":{"a":"b"}},"type":"Opaque","data":{"k":"dmFsdWU="}}]}""");
        JsonNode table = JSON.readTree(Tables.render(new SecretTable(), list, null, NOW));
        assertThat(table.path("kind").asString()).isEqualTo("Table");
        assertThat(table.path("metadata").path("continue").asString()).isEqualTo("abc:2");
        assertThat(table.path("metadata").path("remainingItemCount").asLong()).isEqualTo(3);
        JsonNode row = table.path("rows").get(0);
        assertThat(row.path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("metadata").path("namespace").asString()).isEqualTo("coder");
        assertThat(row.path("object").has("data")).isFalse();
        assertThat(JSON.readTree(Tables.render(new SecretTable(), list, "None", NOW)).path("rows").get(0).has("object")).isFalse();
        assertThat(JSON.readTree(Tables.render(new SecretTable(), list, "Object", NOW)).path("rows").get(0).path("object").path("type")
                .asString()).isEqualTo("Opaque");
        JsonNode one = JSON.readTree(Tables.render(new SecretTable(), list.path("items").get(0), null, NOW));
        assertThat(one.path("rows")).hasSize(1);
        assertThat(one.path("columnDefinitions").get(0).path("format").asString()).isEqualTo("name");
    }

    @Test
    void everyPrintersCellsLineUpWithItsColumns() {
        for (Tables.Printed p : Tables.ALL) {
            KindTable t = p.table();
            assertThat(t.cells(JSON.readTree("{\"metadata\":{\"name\":\"x\"}}"), NOW)).as(p.plural()).hasSameSizeAs(t.columns());
            assertThat(ApiResource.byPlural(p.groupVersion(), p.plural())).as(p.groupVersion() + " " + p.plural() + " is served").isPresent();
        }
    }

    // --- plumbing ------------------------------------------------------------------------------------------------

    private static String status(String pod) {
        return (String) cells(new PodTable(), pod).get("Status");
    }

    private static String pod(String phase, String reason, String containerState, boolean ready) {
        return """
                {"metadata":{"name":"w"},"spec":{"containers":[{"name":"dev"}]},
                 "status":{"phase":"%s"%s%s}}""".formatted(phase, reason == null ? "" : ",\"reason\":\"" + reason + "\"",
                containerState == null ? "" : ",\"containerStatuses\":[{\"name\":\"dev\",\"ready\":" + ready + ",\"state\":" + containerState + "}]");
    }

    /** Column name → cell, every column. */
    private static Map<String, Object> cells(KindTable table, String object) {
        List<Object> cells = table.cells(JSON.readTree(object), NOW);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < table.columns().size(); i++) out.put(table.columns().get(i).name(), cells.get(i));
        return out;
    }

    private static List<String> columnNames(KindTable table, int priority) {
        List<String> names = new ArrayList<>();
        for (TableColumn c : table.columns()) if (c.priority() == priority) names.add(c.name());
        return names;
    }
}
