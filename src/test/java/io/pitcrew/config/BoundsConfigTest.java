package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@code bounds:} block of pitcrew.yaml: the limits {@code pitcrew fix} keeps to. */
class BoundsConfigTest {

    private static final String MINIMAL = """
            regions:
              - name: us-east-2
                role: control-plane
                domain: ai.coder.com
            """;

    @Test
    void absentMeansTheDefaults() {
        assertThat(ConfigLoader.parse("pitcrew.yaml", MINIMAL).bounds()).isEqualTo(Bounds.defaults());
        assertThat(Bounds.defaults()).isEqualTo(new Bounds(12, 8, "2", "2Gi"));
    }

    @Test
    void givenValuesAreKept() {
        PitcrewConfig c = ConfigLoader.parse("pitcrew.yaml", MINIMAL + """
                bounds:
                  provisionerReplicas: 16
                  litellmReplicas: 10
                  provisionerCpu: 3
                  provisionerMemory: 3Gi
                """);
        assertThat(c.bounds()).isEqualTo(new Bounds(16, 10, "3", "3Gi"));
    }

    @Test
    void mistakesHaveTheirLineAndAFix() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse("pitcrew.yaml", MINIMAL + """
                bounds:
                  provisionerReplicas: lots
                  provisionerMemory: 2 gigs
                  litelmReplicas: 8
                """));
        List<Problem> ps = e.problems();
        assertThat(ps).extracting(Problem::line).containsExactly(6, 7, 8);
        assertThat(ps.get(0).message()).isEqualTo("expected a number, got 'lots'");
        assertThat(ps.get(1).message()).isEqualTo("'2 gigs' is not a positive Kubernetes quantity");
        assertThat(ps.get(2).fix()).startsWith("did you mean 'litellmReplicas'?");
    }
}
