package io.pitcrew.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pitcrew.deploy.Chart.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What deploy/helm/pitcrew makes with its defaults and with each option, rendered by Helm itself. */
@Tag("chart")
class ChartTest {

    @Test
    void helmLintFindsNothingToFix() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void theDefaultsRunServeWithItsReadOnlyRole() {
        assertThat(Manifests.names(Chart.render(values()))).containsExactly(
                "pitcrew/NetworkPolicy/pitcrew",
                "pitcrew/PodDisruptionBudget/pitcrew",
                "pitcrew/ServiceAccount/pitcrew",
                "pitcrew/ConfigMap/pitcrew",
                "ClusterRole/pitcrew-read",
                "ClusterRoleBinding/pitcrew-read",
                "pitcrew/Service/pitcrew",
                "pitcrew/Deployment/pitcrew");
    }

    @Test
    void anotherRegionGetsOnlyTheServiceAccountAndItsRoles() {
        List<HasMetadata> objects = Chart.render(values("serve.enabled", false, "rbac.fix.enabled", true));

        assertThat(Manifests.names(objects)).containsExactly(
                "pitcrew/ServiceAccount/pitcrew",
                "ClusterRole/pitcrew-read",
                "ClusterRoleBinding/pitcrew-read",
                "coder/Role/pitcrew-fix", "coder-workspaces/Role/pitcrew-fix", "litellm/Role/pitcrew-fix",
                "coder/RoleBinding/pitcrew-fix", "coder-workspaces/RoleBinding/pitcrew-fix", "litellm/RoleBinding/pitcrew-fix");
    }

    @Test
    void theDeploymentRunsServeAsItsHelpSaysNonRootOnAReadOnlyRoot() {
        Deployment d = Manifests.one(Chart.render(values()), Deployment.class);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(c.getImage()).isEqualTo("pitcrew:" + ProjectVersion.read());
        assertThat(c.getArgs()).containsExactly("serve", "--config", "/etc/pitcrew/config/pitcrew.yaml", "--bind", "0.0.0.0",
                "--port", "8461", "--tokens", "/etc/pitcrew/tokens/tokens.yaml");
        assertThat(c.getPorts().getFirst().getContainerPort()).isEqualTo(8461);
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        var pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getVolumeMounts()).extracting("mountPath").contains("/home/pitcrew", "/tmp");
        assertThat(pod.getTopologySpreadConstraints()).extracting("topologyKey")
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(env(c, "KUBECONFIG").getValue()).isEqualTo("/etc/pitcrew/config/in-cluster.kubeconfig");
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void aPodDisruptionBudgetLetsOnePodGoAtATime() {
        PodDisruptionBudget pdb = Manifests.one(Chart.render(values()), PodDisruptionBudget.class);

        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "pitcrew");
    }

    @Test
    void theDatabaseAndTheOtherRegionsComeFromSecretsTheChartOnlyNames() {
        List<HasMetadata> objects = Chart.render(values("database.existingSecret", "pitcrew-db",
                "kubeconfig.existingSecret", "pitcrew-regions", "serviceAccount.tokenSecret", true, "serve.replicaCount", 2,
                "serve.lease.enabled", true));
        Deployment d = Manifests.one(objects, Deployment.class);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(c.getArgs()).containsSequence("--db", "$(PITCREW_DB_URL)");
        assertThat(env(c, "PITCREW_DB_URL").getValueFrom().getSecretKeyRef().getName()).isEqualTo("pitcrew-db");
        assertThat(env(c, "PGPASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(env(c, "KUBECONFIG").getValue()).isEqualTo("/etc/pitcrew/config/in-cluster.kubeconfig:/etc/pitcrew/regions/kubeconfig");
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v ->
                assertThat(v.getSecret() == null ? null : v.getSecret().getSecretName()).isEqualTo("pitcrew-regions"));
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        // the only Secret the chart makes is the one Kubernetes fills with the ServiceAccount's token
        assertThat(objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast)).singleElement().satisfies(s -> {
            assertThat(s.getType()).isEqualTo("kubernetes.io/service-account-token");
            assertThat(s.getData()).isNullOrEmpty();
            assertThat(s.getStringData()).isNullOrEmpty();
        });
    }

    @Test
    void everyCredentialReachesThePodFromASecretNeverAsAValue() {
        Container c = Manifests.one(Chart.render(values("database.existingSecret", "pitcrew-db")), Deployment.class)
                .getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(c.getEnv()).filteredOn(e -> e.getValue() != null).extracting(EnvVar::getName)
                .containsExactly("HOME", "KUBECONFIG");
        assertThat(c.getEnv()).filteredOn(e -> e.getValue() == null).extracting(EnvVar::getName).containsExactly(
                "PITCREW_DB_URL", "PGPASSWORD", "PITCREW_SLACK_WEBHOOK", "PITCREW_PAGERDUTY_ROUTING_KEY", "GITHUB_TOKEN",
                "CODER_SESSION_TOKEN");
        assertThat(c.getEnv()).filteredOn(e -> e.getValue() == null).allSatisfy(e ->
                assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull());
    }

    @Test
    void pitcrewYamlIsTheValuesAndPitcrewReadsItAndTheInClusterKubeconfig(@TempDir Path tmp) throws Exception {
        ConfigMap cm = Manifests.one(Chart.render(values()), ConfigMap.class);
        Path config = Files.writeString(tmp.resolve("pitcrew.yaml"), cm.getData().get("pitcrew.yaml"));
        Path kubeconfig = Files.writeString(tmp.resolve("in-cluster.kubeconfig"), cm.getData().get("in-cluster.kubeconfig"));

        PitcrewConfig loaded = ConfigLoader.load(config);
        assertThat(loaded.regions()).extracting(Region::name).containsExactly("us-east-2", "us-west-2", "eu-west-2");
        Kubeconfig kube = Kubeconfig.read(kubeconfig);
        assertThat(kube.contexts()).containsExactly("us-east-2");
        assertThat(kube.clientConfig("us-east-2").getMasterUrl()).isEqualTo("https://kubernetes.default.svc/");
        assertThat(kube.unusable("us-east-2")).isEmpty();
    }

    @Test
    void theInClusterContextIsTheRegionsOwnContextName(@TempDir Path tmp) throws Exception {
        Path values = Files.writeString(tmp.resolve("values.yaml"), """
                pitcrew:
                  regions:
                    - {name: us-east-2, context: arn:aws:eks:us-east-2:111122223333:cluster/coder, role: control-plane, domain: ai.coder.com}
                """);
        ConfigMap cm = Manifests.one(Manifests.objects(Chart.template(values, values())), ConfigMap.class);
        Path kubeconfig = Files.writeString(tmp.resolve("in-cluster.kubeconfig"), cm.getData().get("in-cluster.kubeconfig"));

        assertThat(Kubeconfig.read(kubeconfig).contexts()).containsExactly("arn:aws:eks:us-east-2:111122223333:cluster/coder");
    }

    @Test
    void theStatusPageIngressRoutesOnlyItsOwnPathsAndTheDashboardHasAHostOfItsOwn() {
        List<HasMetadata> objects = Chart.render(values("ingress.status.enabled", true, "ingress.status.host", "status.workshop.test",
                "ingress.dashboard.enabled", true, "ingress.dashboard.host", "pitcrew.internal.test"));
        List<Ingress> ingresses = objects.stream().filter(Ingress.class::isInstance).map(Ingress.class::cast).toList();

        assertThat(ingresses).extracting(i -> i.getMetadata().getName()).containsExactly("pitcrew-status", "pitcrew-dashboard");
        Ingress status = ingresses.getFirst();
        assertThat(status.getSpec().getRules().getFirst().getHost()).isEqualTo("status.workshop.test");
        assertThat(status.getSpec().getRules().getFirst().getHttp().getPaths()).extracting(p -> p.getPath() + " " + p.getPathType())
                .containsExactly("/status Prefix", "/status.json Exact", "/assets Prefix");
        Ingress dashboard = ingresses.get(1);
        assertThat(dashboard.getSpec().getRules().getFirst().getHost()).isEqualTo("pitcrew.internal.test");
        assertThat(dashboard.getSpec().getRules().getFirst().getHttp().getPaths()).extracting(HTTPIngressPath::getPath).containsExactly("/");
        assertThat(Manifests.names(Chart.render(values()))).noneMatch(n -> n.contains("/Ingress/"));
    }

    @Test
    void theNetworkPolicyOpensServesPortAndWhenAskedLimitsEgress(@TempDir Path tmp) throws Exception {
        NetworkPolicy open = Manifests.one(Chart.render(values()), NetworkPolicy.class);
        assertThat(open.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(open.getSpec().getIngress().getFirst().getPorts().getFirst().getPort().getStrVal()).isEqualTo("http");
        assertThat(open.getSpec().getIngress().getFirst().getFrom()).isNullOrEmpty();

        Path values = Files.writeString(tmp.resolve("values.yaml"), """
                networkPolicy:
                  from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
                  egress:
                    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]
                """);
        NetworkPolicy limited = Manifests.one(Manifests.objects(Chart.template(values, values())), NetworkPolicy.class);
        assertThat(limited.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(limited.getSpec().getIngress().getFirst().getFrom()).hasSize(1);
        assertThat(limited.getSpec().getEgress()).hasSize(2);
        assertThat(limited.getSpec().getEgress().getFirst().getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(53, 53);
    }

    @Test
    void theServiceAccountCarriesTheIrsaRole() {
        ServiceAccount sa = Manifests.one(Chart.render(values("serviceAccount.awsRoleArn", "arn:aws:iam::111122223333:role/pitcrew")),
                ServiceAccount.class);

        assertThat(sa.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/pitcrew");
        assertThat(Manifests.one(Chart.render(values()), ServiceAccount.class).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void theReadOnlyRoleOnlyReads() {
        List<HasMetadata> objects = Chart.render(values());
        ClusterRole role = Manifests.one(objects, ClusterRole.class);

        assertThat(role.getRules()).flatExtracting(PolicyRule::getVerbs).containsOnly("get", "list", "watch");
        assertThat(role.getRules()).filteredOn(r -> r.getVerbs().contains("get")).flatExtracting(PolicyRule::getResources)
                .containsExactly("pods/log");
        ClusterRoleBinding binding = Manifests.one(objects, ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).extracting(s -> s.getKind() + " " + s.getNamespace() + "/" + s.getName())
                .containsExactly("ServiceAccount pitcrew/pitcrew");
    }

    @Test
    void moreSubjectsAreBoundWhenGiven(@TempDir Path tmp) throws Exception {
        Path values = Files.writeString(tmp.resolve("values.yaml"), """
                rbac:
                  subjects:
                    - {kind: Group, name: pitcrew-readers, apiGroup: rbac.authorization.k8s.io}
                """);
        ClusterRoleBinding binding = Manifests.one(Manifests.objects(Chart.template(values, values("serve.enabled", false))), ClusterRoleBinding.class);

        assertThat(binding.getSubjects()).extracting(s -> s.getKind() + " " + s.getName())
                .containsExactly("ServiceAccount pitcrew", "Group pitcrew-readers");
    }

    @Test
    void theFixRolesGrantEachNamespaceTheWritesOfItsActions() {
        List<HasMetadata> objects = Chart.render(values("rbac.fix.enabled", true, "serve.enabled", false));
        Map<String, List<String>> rules = new TreeMap<>();
        objects.stream().filter(Role.class::isInstance).map(Role.class::cast).forEach(r -> rules.put(r.getMetadata().getNamespace(),
                r.getRules().stream().map(p -> p.getApiGroups() + " " + p.getResources() + " " + p.getVerbs()).toList()));

        assertThat(rules).containsExactly(
                Map.entry("coder", List.of("[apps] [deployments] [get, update]", "[] [secrets] [update]")),
                Map.entry("coder-workspaces", List.of("[] [pods] [delete, get]", "[] [secrets] [update]")),
                Map.entry("litellm", List.of("[apps] [deployments] [get, update]", "[] [secrets] [get, update]")));
        assertThat(objects.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast))
                .allSatisfy(b -> assertThat(b.getSubjects()).extracting(s -> s.getNamespace() + "/" + s.getName()).containsExactly("pitcrew/pitcrew"));
        assertThat(Manifests.names(Chart.render(values()))).noneMatch(n -> n.contains("Role/pitcrew-fix"));
    }

    @Test
    void replicasElectALeaderWithALeaseOnlyTheirRoleMayWrite() {
        List<HasMetadata> objects = Chart.render(values("serve.replicaCount", 3, "serve.lease.enabled", true, "database.existingSecret", "pitcrew-db"));
        Container c = Manifests.one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(c.getArgs()).containsSequence("--lease", "pitcrew/pitcrew");
        Role role = Manifests.one(objects, Role.class);
        assertThat(role.getMetadata().getNamespace() + "/" + role.getMetadata().getName()).isEqualTo("pitcrew/pitcrew-lease");
        assertThat(role.getRules()).extracting(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getResourceNames() + " " + r.getVerbs())
                .containsExactly("[coordination.k8s.io] [leases] [] [create]", "[coordination.k8s.io] [leases] [pitcrew] [get, update]");
        RoleBinding binding = Manifests.one(objects, RoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo("pitcrew-lease");
        assertThat(binding.getSubjects()).extracting(s -> s.getNamespace() + "/" + s.getName()).containsExactly("pitcrew/pitcrew");

        Container named = Manifests.one(Chart.render(values("serve.lease.enabled", true, "serve.lease.name", "pitcrew-leader",
                "database.existingSecret", "pitcrew-db")), Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(named.getArgs()).containsSequence("--lease", "pitcrew/pitcrew-leader");
        assertThat(Manifests.names(Chart.render(values()))).noneMatch(n -> n.contains("pitcrew-lease"));
        assertThat(Manifests.names(Chart.render(values("serve.enabled", false, "serve.lease.enabled", true)))).noneMatch(n -> n.contains("pitcrew-lease"));
    }

    @Test
    void aServiceMonitorScrapesMetricsWhenAsked() {
        GenericKubernetesResource monitor = Chart.render(values("serviceMonitor.enabled", true)).stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.get("spec", "endpoints", 0, "path").toString()).isEqualTo("/metrics");
        assertThat(monitor.get("spec", "endpoints", 0, "port").toString()).isEqualTo("http");
    }

    @Test
    void valuesThatCannotWorkAreRefusedSayingWhatToSet() {
        assertThatThrownBy(() -> Chart.template(values("serve.replicaCount", 2)))
                .hasMessageContaining("serve.replicaCount above 1 needs database.existingSecret");
        assertThatThrownBy(() -> Chart.template(values("serve.replicaCount", 2, "database.existingSecret", "pitcrew-db")))
                .hasMessageContaining("serve.replicaCount above 1 needs serve.lease.enabled");
        assertThatThrownBy(() -> Chart.template(values("serve.lease.enabled", true)))
                .hasMessageContaining("serve.lease.enabled needs database.existingSecret");
        assertThatThrownBy(() -> Chart.template(values("serve.lease.enabled", true, "database.existingSecret", "pitcrew-db",
                "kubeconfig.inClusterRegion", "us-west-2", "kubeconfig.existingSecret", "pitcrew-regions")))
                .hasMessageContaining("serve.lease.enabled: the Lease is kept in the control-plane region (us-east-2)")
                .hasMessageContaining("kubeconfig.inClusterRegion: us-east-2");
        assertThatThrownBy(() -> Chart.template(values("tokens.existingSecret", "")))
                .hasMessageContaining("tokens.existingSecret: serve needs role tokens");
        assertThatThrownBy(() -> Chart.template(values("kubeconfig.inClusterRegion", "ap-south-1")))
                .hasMessageContaining("kubeconfig.inClusterRegion: ap-south-1 is not a region of pitcrew.regions");
        assertThatThrownBy(() -> Chart.template(values("kubeconfig.inClusterRegion", "")))
                .hasMessageContaining("neither inClusterRegion nor existingSecret is set");
        assertThatThrownBy(() -> Chart.template(values("pitcrew.kubeconfig", "/somewhere")))
                .hasMessageContaining("pitcrew.kubeconfig: the chart gives serve its kubeconfig");
        assertThatThrownBy(() -> Chart.template(values("ingress.status.enabled", true)))
                .hasMessageContaining("ingress.status.host");
        assertThatThrownBy(() -> Chart.template(values("rbac.fix.enabled", true, "rbac.fix.namespaces.coder[0]", "reboot-everything")))
                .hasMessageContaining("rbac.fix.namespaces.coder: reboot-everything is not an action of pitcrew fix")
                .hasMessageContaining("delete-workspace-pod");
    }

    @Test
    void theValuesDeployMdInstallsWithRenderAndPitcrewReadsTheirConfig(@TempDir Path tmp) throws Exception {
        String doc = Files.readString(Path.of("docs/deploy.md"));
        int from = doc.indexOf("```yaml", doc.indexOf("with, in `pitcrew-values.yaml`"));
        String yaml = doc.substring(doc.indexOf('\n', from) + 1, doc.indexOf("```", from + 7));
        List<HasMetadata> objects = Manifests.objects(Chart.template(Files.writeString(tmp.resolve("pitcrew-values.yaml"), yaml), values()));

        Container c = Manifests.one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getImage()).isEqualTo("614871946825.dkr.ecr.us-east-2.amazonaws.com/pitcrew:" + ProjectVersion.read());
        assertThat(c.getArgs()).containsSequence("--db", "$(PITCREW_DB_URL)");
        PitcrewConfig config = ConfigLoader.load(Files.writeString(tmp.resolve("pitcrew.yaml"),
                Manifests.one(objects, ConfigMap.class).getData().get("pitcrew.yaml")));
        assertThat(config.notifications().slack()).isPresent();
        assertThat(config.notifications().pagerDuty()).isPresent();
    }

    @Test
    void theChartsAppVersionIsThePomsVersion() throws Exception {
        var chart = YAMLMapper.builder().build().readTree(Files.readString(Chart.DIR.resolve("Chart.yaml")));

        assertThat(chart.path("appVersion").asString()).isEqualTo(ProjectVersion.read());
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + c.getEnv()));
    }

    /** The version the pom gives pitcrew. */
    static final class ProjectVersion {
        private static final Pattern VERSION = Pattern.compile("<artifactId>pitcrew</artifactId>\\s*<version>([^<]+)</version>");

        static String read() {
            try {
                Matcher m = VERSION.matcher(Files.readString(Path.of("pom.xml")));
                if (!m.find()) throw new AssertionError("pom.xml names no version of pitcrew");
                return m.group(1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
