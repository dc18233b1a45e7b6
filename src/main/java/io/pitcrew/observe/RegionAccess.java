package io.pitcrew.observe;

import io.pitcrew.config.InCluster;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.Region;
import io.pitcrew.observe.aws.EksAccess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every region's cluster as a context of one {@link Kubeconfig}: those the kubeconfig has, and those pitcrew makes —
 * an EKS cluster reached from the AWS identity ({@code regions[].eks}), the cluster pitcrew runs in
 * ({@code inCluster: true}). So doctor, serve and fix reach a region one way whatever reaches it.
 */
public final class RegionAccess {

    private RegionAccess() {}

    /** Whether some region needs a kubeconfig file: one is then required, else it is read only if there is one. */
    public static boolean needsKubeconfig(List<Region> regions) {
        return regions.stream().anyMatch(r -> r.reach() instanceof Region.Reach.ByKubeconfig);
    }

    /**
     * {@code kubeconfig} with a made context for each region reached without one, under the region's context name.
     *
     * @param timeout how long AWS (credentials, DescribeCluster) may take to answer, the region's deadline
     */
    public static Kubeconfig reaching(Kubeconfig kubeconfig, List<Region> regions, Duration timeout) {
        return reaching(kubeconfig, regions, () -> EksAccess.current(timeout), System.getenv(), InCluster.SERVICE_ACCOUNT);
    }

    static Kubeconfig reaching(Kubeconfig kubeconfig, List<Region> regions, Supplier<EksAccess> eks, Map<String, String> env,
                               Path serviceAccount) {
        Kubeconfig reached = kubeconfig;
        for (Region region : regions) {
            reached = switch (region.reach()) {
                case Region.Reach.ByKubeconfig k -> reached;
                case Region.Reach.Eks e -> reached.withMade(region.context(), () -> eks.get().clientConfig(e.cluster(), e.awsRegion()));
                case Region.Reach.InCluster c -> reached.withMade(region.context(), () -> InCluster.clientConfig(env, serviceAccount));
            };
        }
        return reached;
    }
}
