package io.pitcrew.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/pitcrew.yaml spells out every default; if a default changes, this says the example is stale. */
class ExampleConfigTest {

    @Test
    void theExampleIsTheRunbooksPlatformWithEveryDefault() {
        PitcrewConfig example = ConfigLoader.load(Path.of("examples/pitcrew.yaml"));

        // Nothing differs by design: runbookDir is left commented out, as the runbook has no extra incident types.
        assertThat(example).isEqualTo(PitcrewConfig.runbookDefaults());
    }
}
