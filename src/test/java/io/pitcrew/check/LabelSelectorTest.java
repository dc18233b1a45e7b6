package io.pitcrew.check;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectorTest {

    @Test
    void allKeyValueTermsMustMatch() {
        LabelSelector s = LabelSelector.parse("app.kubernetes.io/name=coder-workspace, com.coder.resource==true");

        assertThat(s.matches(Map.of("app.kubernetes.io/name", "coder-workspace", "com.coder.resource", "true",
                "other", "x"))).isTrue();
        assertThat(s.matches(Map.of("app.kubernetes.io/name", "coder-workspace"))).isFalse();
        assertThat(s.matches(Map.of("app.kubernetes.io/name", "coder", "com.coder.resource", "true"))).isFalse();
        assertThat(s.matches(null)).isFalse();
    }

    @Test
    void emptySelectorMatchesEverything() {
        assertThat(LabelSelector.parse("").matches(Map.of())).isTrue();
    }

    @Test
    void setBasedAndInequalityTermsAreRejected() {
        assertThatThrownBy(() -> LabelSelector.parse("app!=coder")).hasMessageContaining("app!=coder");
        assertThatThrownBy(() -> LabelSelector.parse("app in (a,b)")).isInstanceOf(IllegalArgumentException.class);
    }
}
