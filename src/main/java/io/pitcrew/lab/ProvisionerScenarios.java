package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
}
