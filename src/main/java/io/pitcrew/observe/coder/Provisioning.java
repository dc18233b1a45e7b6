package io.pitcrew.observe.coder;

import java.util.List;

/**
 * What coderd knows about provisioning in one organization, read in one sweep: its daemons, the jobs waiting for
 * one, the workspaces whose latest build is pending or starting, and coderd's own health verdict on its daemons
 * (owners only). Each answer stands alone: a token allowed to list workspaces but not daemons still gives the builds.
 */
public record Provisioning(String organization, CoderAnswer<List<ProvisionerDaemon>> daemons,
                           CoderAnswer<List<ProvisionerJob>> pendingJobs, CoderAnswer<List<WorkspaceBuild>> builds,
                           CoderAnswer<DeploymentHealth> health) {}
