package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code --context REGION=CONTEXT}: a region's context for one run. */
class ContextOverridesTest {

    private static final PitcrewConfig RUNBOOK = PitcrewConfig.runbookDefaults();

    @Test
    void aRegionGetsTheContextGivenAndTheOthersKeepTheirs() {
        PitcrewConfig c = ContextOverrides.parse(List.of("us-west-2=arn:aws:eks:us-west-2:1:cluster/oregon", "eu-west-2 = london"))
                .applyTo(RUNBOOK, "pitcrew.yaml");

        assertThat(c.regions()).extracting(Region::context)
                .containsExactly("us-east-2", "arn:aws:eks:us-west-2:1:cluster/oregon", "london");
        assertThat(c.regions()).extracting(Region::name).containsExactly("us-east-2", "us-west-2", "eu-west-2");
        assertThat(c.thresholds()).isEqualTo(RUNBOOK.thresholds());
    }

    @Test
    void anUnknownRegionNamesTheRegionsThereAre() {
        Problem p = problem(() -> ContextOverrides.parse(List.of("eu-west-3=prod-paris")).applyTo(RUNBOOK, "pitcrew.yaml"));

        assertThat(p.render()).isEqualTo("--context eu-west-3=prod-paris: no region eu-west-3 in pitcrew.yaml "
                + "(regions: us-east-2, us-west-2, eu-west-2)\n    fix: did you mean eu-west-2? name one of those regions; "
                + "the context is the part after '='");
    }

    @Test
    void malformedOrRepeatedValuesAreRefused() {
        assertThat(problem(() -> ContextOverrides.parse(List.of("us-east-2"))).render())
                .startsWith("--context us-east-2: expected REGION=CONTEXT");
        assertThat(problem(() -> ContextOverrides.parse(List.of("us-east-2="))).message()).isEqualTo("expected REGION=CONTEXT");
        assertThat(problem(() -> ContextOverrides.parse(List.of("=ctx"))).message()).isEqualTo("expected REGION=CONTEXT");
        assertThat(problem(() -> ContextOverrides.parse(List.of("us-east-2=a", "us-east-2=b"))).render())
                .startsWith("--context us-east-2=b: region us-east-2 is given twice (also --context us-east-2=a)");
    }

    @Test
    void twoRegionsCannotShareAContext() {
        Problem p = problem(() -> ContextOverrides.parse(List.of("us-west-2=us-east-2")).applyTo(RUNBOOK, "pitcrew.yaml"));

        assertThat(p.source()).isEqualTo("--context us-west-2=us-east-2");
        assertThat(p.message()).isEqualTo("context 'us-east-2' would be the context of both us-east-2 and us-west-2");
    }

    private static Problem problem(ThrowingCallable call) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, call);
        assertThat(e).isNotNull();
        return e.problems().getFirst();
    }
}
