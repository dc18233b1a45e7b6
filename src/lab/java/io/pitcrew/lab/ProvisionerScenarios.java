package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Faults of runbook section 6 that the clusters show: provisioner limits, IAM role, Terraform state locks. */
final class ProvisionerScenarios {

    static final String SERVICE_ACCOUNT = "coder-provisioner";
    static final String ROLE_ARN = "arn:aws:iam::" + Components.ACCOUNT + ":role/coder-provisioner-workshop";

    private ProvisionerScenarios() {}

    /** The provisioners' service account, as the coder-provisioner chart makes it for IRSA. */
    static ServiceAccount serviceAccount(boolean withRole) {
        var b = new ServiceAccountBuilder().withNewMetadata().withName(SERVICE_ACCOUNT).withNamespace("coder")
                .addToLabels("app.kubernetes.io/name", "coder-provisioner").endMetadata();
        if (withRole) b.editMetadata().addToAnnotations("eks.amazonaws.com/role-arn", ROLE_ARN).endMetadata();
        return b.build();
    }

    /** The provisioners' pre-shared key, random per process: a secret pitcrew never reads the value of. */
    static final String PSK_CANARY = "lab-canary-psk-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

    /** Secret {@code coder-provisioner-psk}, as the coder-provisioner chart mounts it (platform-apis.md). */
    static Secret preSharedKey(Instant created) {
        return new SecretBuilder().withNewMetadata().withName("coder-provisioner-psk").withNamespace("coder")
                .withCreationTimestamp(created.toString()).addToLabels("app.kubernetes.io/name", "coder-provisioner").endMetadata()
                .withType("Opaque").addToData("psk", Base64.getEncoder().encodeToString(PSK_CANARY.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** Two default provisioners hit their 512 Mi limit running a large plan and crash-loop. */
    static List<Change> oom(Topology t, Instant now) {
        RegionPlan.ComponentPlan p = t.region(Scenarios.CONTROL).component("coder-provisioner-default").orElseThrow();
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Pod pod = Components.pod(p, i, now.minus(Duration.ofHours(26)));
            Instant killed = now.minus(Duration.ofMinutes(2 + i));
            pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().getFirst())
                    .withReady(false).withRestartCount(4 + i)
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 2m40s restarting failed container=coder pod=" + pod.getMetadata().getName()).endWaiting().endState()
                    .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137)
                    .withStartedAt(killed.minusSeconds(95).toString()).withFinishedAt(killed.toString()).endTerminated().endLastState()
                    .build()));
            out.add(new Change.Put(Scenarios.CONTROL, pod));
        }
        return out;
    }

    /** The provisioners' service account lost its IRSA annotation: every AWS call of a workspace build is refused. */
    static List<Change> iamRoleMissing(Topology t, Instant now) {
        RegionPlan.ComponentPlan p = t.region(Scenarios.CONTROL).component("coder-provisioner-default").orElseThrow();
        List<ContainerLine> lines = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            lines.add(new ContainerLine(now.minusSeconds(50 + 120L * k), "provisionerd: terraform apply failed: Error: "
                    + "retrieving AWS account details: AWS account ID not previously found and failed retrieving via all available methods. "
                    + "operation error STS: GetCallerIdentity, https response error StatusCode: 403, api error AccessDenied: "
                    + "User: arn:aws:sts::" + Components.ACCOUNT + ":assumed-role/eks-node-role/i-0abc is not authorized to perform: "
                    + "ec2:RunInstances"));
        }
        return List.of(new Change.Put(Scenarios.CONTROL, serviceAccount(false)),
                new Change.Logs(Scenarios.CONTROL, p.namespace(), p.pods().getFirst(), lines));
    }

    /** A build died holding the Terraform state lock; every later build of that workspace fails on it. */
    static List<Change> terraformLock(Topology t, Instant now) {
        RegionPlan.ComponentPlan p = t.region(Scenarios.CONTROL).component("coder-provisioner-default").orElseThrow();
        List<ContainerLine> lines = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            lines.add(new ContainerLine(now.minusSeconds(70 + 150L * k), "provisionerd: terraform plan failed: Error: Error acquiring "
                    + "the state lock: ConditionalCheckFailedException: The conditional request failed. Lock Info: ID: "
                    + "9d3f1c2a-4b5e-6f70-8192-a3b4c5d6e7f8, Path: coder-workshop-state/workspaces/ada-claude-7k2.tfstate, "
                    + "Operation: OperationTypeApply, Who: provisionerd@coder-provisioner-default"));
        }
        return List.of(new Change.Logs(Scenarios.CONTROL, p.namespace(), p.pods().get(1 % p.pods().size()), lines));
    }

    /**
     * Three default provisioners lost coderd: their pods run, but coderd last heard from them minutes ago and calls
     * them offline. Their logs say why (the websocket to coderd keeps failing).
     */
    static List<Change> daemonsOffline(Topology t, Instant now) {
        CoderProvisioning healthy = CoderProvisioning.healthy(t, now);
        RegionPlan.ComponentPlan p = t.region(Scenarios.CONTROL).component("coder-provisioner-default").orElseThrow();
        List<String> lost = p.pods().subList(0, Math.min(3, p.pods().size()));
        List<CoderProvisioning.Daemon> daemons = new ArrayList<>();
        for (CoderProvisioning.Daemon d : healthy.daemons()) {
            int i = lost.indexOf(d.name());
            daemons.add(i < 0 ? d : new CoderProvisioning.Daemon(d.name(), d.pool(), "offline",
                    now.minus(Duration.ofSeconds(250 + 40L * i)), null, null));
        }
        List<Change> out = new ArrayList<>();
        out.add(new Change.Provisioning(Scenarios.CONTROL, new CoderProvisioning(daemons, healthy.jobs(), healthy.builds())));
        for (int i = 0; i < lost.size(); i++) {
            List<ContainerLine> lines = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                lines.add(new ContainerLine(now.minusSeconds(60 + 90L * k + 7L * i), "provisionerd: connect to coderd: "
                        + "failed to dial: websocket: read tcp 10.2.14.7:51234->172.20.41.17:80: read: connection reset by peer; retrying"));
            }
            out.add(new Change.Logs(Scenarios.CONTROL, p.namespace(), lost.get(i), lines));
        }
        return out;
    }

    /**
     * A template asks for provisioners tagged pool=gpu, which no daemon has: its builds sit pending however idle
     * the provisioners are, and coderd says no provisioner matches.
     */
    static List<Change> buildsStuck(Topology t, Instant now) {
        CoderProvisioning healthy = CoderProvisioning.healthy(t, now);
        List<CoderProvisioning.Job> jobs = new ArrayList<>();
        List<CoderProvisioning.Build> builds = new ArrayList<>(healthy.builds());
        String[] owners = {"ada", "linus", "margaret", "ken"};
        for (int i = 0; i < owners.length; i++) {
            String workspace = owners[i] + "-gpu-" + (i + 2);
            Instant queued = now.minus(Duration.ofMinutes(12 + 3L * i));
            jobs.add(new CoderProvisioning.Job(CoderProvisioning.id("job-" + workspace), queued, i + 1, owners.length, "gpu",
                    List.of(), workspace, "gpu-workstation"));
            builds.add(new CoderProvisioning.Build(workspace, owners[i], "gpu-workstation", "pending", queued, i + 1, 0));
        }
        return List.of(new Change.Provisioning(Scenarios.CONTROL, new CoderProvisioning(healthy.daemons(), jobs, builds)));
    }

    /**
     * coderd's side of a provisioner shortage: every daemon busy and {@code queued} workspace builds waiting for
     * the default pool, the oldest for a few minutes.
     */
    static Change queue(Topology t, Instant now, int queued) {
        CoderProvisioning healthy = CoderProvisioning.healthy(t, now);
        List<CoderProvisioning.Daemon> daemons = new ArrayList<>();
        for (CoderProvisioning.Daemon d : healthy.daemons()) {
            daemons.add("offline".equals(d.status()) ? d : new CoderProvisioning.Daemon(d.name(), d.pool(), "busy", null,
                    CoderProvisioning.id("running-" + d.name()), "kubernetes-claude"));
        }
        List<String> defaults = t.region(Scenarios.CONTROL).component("coder-provisioner-default").orElseThrow().pods();
        List<CoderProvisioning.Job> jobs = new ArrayList<>();
        List<CoderProvisioning.Build> builds = new ArrayList<>();
        for (int i = 0; i < queued; i++) {
            String user = String.format("attendee%02d", 40 - i);
            String workspace = user + "-workshop";
            Instant at = now.minusSeconds(420 - 30L * i);
            jobs.add(new CoderProvisioning.Job(CoderProvisioning.id("job-" + workspace), at, i + 1, queued, "default",
                    defaults, workspace, "kubernetes-claude"));
            builds.add(new CoderProvisioning.Build(workspace, user, "kubernetes-claude", "pending", at, i + 1, defaults.size()));
        }
        return new Change.Provisioning(Scenarios.CONTROL, new CoderProvisioning(daemons, jobs, builds));
    }
}
