package io.pitcrew.check;

import io.pitcrew.config.WorkloadPods;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.coder.CoderAnswer;
import io.pitcrew.observe.coder.DeploymentHealth;
import io.pitcrew.observe.coder.ProvisionerDaemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runbook §6 "Check Coder API for provisioner daemons", on the route Coder really has
 * ({@code /api/v2/organizations/{org}/provisionerdaemons}): daemons coderd has not heard from for
 * {@code daemonOfflineAfter} (coderd's own 90 s) although their pod runs. A daemon is named after its pod, and
 * coderd keeps the records of daemons whose pods are gone (every rollout leaves some), so an offline daemon only
 * counts when its pod still runs — that is a provisioner that lost coderd. When the cluster could not be read, only
 * "no daemon online at all" is certain enough to report.
 */
public final class ProvisionerDaemonsCheck implements PlatformCheck {

    public static final String OFFLINE = "provisioner-daemons-offline";

    private static final CheckHeader HEADER = new CheckHeader("provisioner-daemons", List.of(OFFLINE),
            EnumSet.of(Input.CODER, Input.PODS, Input.DEPLOYMENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(Snapshot snapshot, CheckContext context) {
        if (snapshot.provisioning().isEmpty()
                || !(snapshot.provisioning().get().daemons() instanceof CoderAnswer.Answered<List<ProvisionerDaemon>> answered)) {
            return List.of();
        }
        List<ProvisionerDaemon> daemons = answered.value();
        ControlPlane region = ControlPlane.of(snapshot);
        Instant now = context.now();
        String organization = snapshot.provisioning().get().organization();
        List<Evidence> coderSays = coderSays(snapshot.provisioning().get().health(), region.name());
        if (daemons.isEmpty()) {
            // none registered at all (coderd's EPD01): offline from the start, if provisioner pods run to have them
            Set<String> running = region.cluster().map(c -> runningProvisioners(c, context)).orElse(Set.of());
            if (running.isEmpty()) return List.of();
            List<Evidence> evidence = new ArrayList<>();
            evidence.add(new Evidence(region.name(), "Organization", "", organization, "coderd lists no provisioner daemons while "
                    + EvidenceTally.count(running.size(), "provisioner pod") + " run: none of them registered"));
            evidence.addAll(coderSays);
            return List.of(new Signal(OFFLINE, region.name(), running.size(), "no provisioner daemon registered with coderd for organization "
                    + organization + " although " + EvidenceTally.count(running.size(), "provisioner pod") + " run", evidence));
        }
        List<ProvisionerDaemon> offline = daemons.stream().filter(d -> offline(d, now, context)).toList();
        if (offline.isEmpty()) return List.of();
        boolean noneOnline = offline.size() == daemons.size();

        EvidenceTally tally = new EvidenceTally();
        if (region.cluster().isPresent()) {
            Set<String> running = runningProvisioners(region.cluster().get(), context);
            for (ProvisionerDaemon d : offline) {
                if (running.contains(d.name())) tally.add(evidence(region.name(), d, now, "its pod " + context.names().coderNamespace()
                        + "/" + d.name() + " is Running"));
            }
        } else if (noneOnline) {
            for (ProvisionerDaemon d : offline) tally.add(evidence(region.name(), d, now, "no daemon of the organization is online"));
        }
        if (tally.isEmpty()) return List.of();
        List<Evidence> evidence = new ArrayList<>(tally.evidence());
        evidence.addAll(coderSays);
        return List.of(new Signal(OFFLINE, region.name(), tally.affected(), EvidenceTally.count(tally.affected(), "provisioner daemon")
                + " offline in coderd (unseen for more than " + KubeTime.ago(now.minus(context.thresholds().daemonOfflineAfter()), now)
                + ") of " + daemons.size() + " listed for organization " + organization, evidence));
    }

    /** coderd's own provisioner warnings (EPD01 none, EPD02 version mismatch), when the token may read its health report. */
    private static List<Evidence> coderSays(CoderAnswer<DeploymentHealth> health, String region) {
        if (!(health instanceof CoderAnswer.Answered<DeploymentHealth> answered)) return List.of();
        return answered.value().provisionerWarnings().stream()
                .map(w -> new Evidence(region, "CoderHealth", "", w.code(), "coderd's health report (" + answered.value().severity() + "): "
                        + w.message())).toList();
    }

    static boolean offline(ProvisionerDaemon d, Instant now, CheckContext context) {
        if ("offline".equals(d.status())) return true;
        return d.lastSeenAt() == null || d.lastSeenAt().isBefore(now.minus(context.thresholds().daemonOfflineAfter()));
    }

    private static Evidence evidence(String region, ProvisionerDaemon d, Instant now, String why) {
        String seen = d.lastSeenAt() == null ? "never seen" : "last seen " + KubeTime.ago(d.lastSeenAt(), now) + " ago";
        return new Evidence(region, "ProvisionerDaemon", "", d.name(), seen + (d.status().isEmpty() ? "" : " (coderd: " + d.status() + ")")
                + "; " + why);
    }

    private static Set<String> runningProvisioners(RegionSnapshot cluster, CheckContext context) {
        return WorkloadPods.provisioners(context.names()).of(cluster.pods(), cluster.deployments()).stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }
}
