package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code regions[].eks} and {@code regions[].inCluster}: how a serve in the control-plane cluster reaches every region. */
class RegionReachConfigTest {

    private static final String IN_CLUSTER = """
            regions:
              - name: us-east-2
                role: control-plane
                domain: ai.coder.com
                inCluster: true
              - name: us-west-2
                role: proxy
                domain: oregon-proxy.ai.coder.com
                eks: {cluster: coder-usw2, region: us-west-2}
              - name: eu-west-2
                role: proxy
                domain: emea-proxy.ai.coder.com
            """;

    @Test
    void eachRegionSaysHowItIsReachedAndAKubeconfigContextIsTheDefault() {
        PitcrewConfig config = ConfigLoader.parse("pitcrew.yaml", IN_CLUSTER);

        assertThat(config.regions()).extracting(Region::reach).containsExactly(
                new Region.Reach.InCluster(), new Region.Reach.Eks("coder-usw2", "us-west-2"), new Region.Reach.ByKubeconfig());
        assertThat(config.regions().get(1).context()).isEqualTo("us-west-2");
    }

    @Test
    void anEksRegionNeedsItsClusterAndARealAwsRegion() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse("pitcrew.yaml",
                IN_CLUSTER.replace("eks: {cluster: coder-usw2, region: us-west-2}", "eks: {region: oregon}")));

        assertThat(e.problems()).extracting(Problem::message).containsExactly("missing (required)", "'oregon' is not an AWS region");
        assertThat(e.problems().getFirst().fix()).contains("the EKS cluster's name");
        assertThat(e.problems()).extracting(Problem::line).containsOnly(9);
    }

    @Test
    void eksAndInClusterTogetherIsOneProblemSayingToKeepOne() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse("pitcrew.yaml",
                IN_CLUSTER.replace("eks: {cluster: coder-usw2, region: us-west-2}", "eks: {cluster: c, region: us-west-2}\n    inCluster: true")));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("eks: and inCluster: true both say how to reach region us-west-2");
            assertThat(p.fix()).startsWith("keep one");
        });
    }

    @Test
    void inClusterIsTrueOrFalse() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse("pitcrew.yaml",
                IN_CLUSTER.replace("inCluster: true", "inCluster: yes please")));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("expected true or false");
            assertThat(p.line()).isEqualTo(5);
        });
    }
}
