package io.pitcrew.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DurationText, LabelSelector and NearestKey: the small pieces the loader's messages are built from. */
class SmallPartsTest {

    @Test
    void durationsRoundTrip() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse(" 1h30m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("2m5s250ms")).isEqualTo(Duration.ofMillis(125_250));
        for (String s : List.of("500ms", "5s", "2m", "1h", "1h30m", "2m5s250ms", "48h")) {
            assertThat(DurationText.format(DurationText.parse(s))).isEqualTo(s);
        }
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void durationsInDaysAndAsJavaAndKubernetesPrintThem() {
        assertThat(DurationText.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(DurationText.parse("2d12h")).isEqualTo(Duration.ofHours(60));
        assertThat(DurationText.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("P1DT2H")).isEqualTo(Duration.ofHours(26));
        assertThatThrownBy(() -> DurationText.parse("PT-5M")).hasMessage("'PT-5M' is negative");
        assertThatThrownBy(() -> DurationText.parse("P5")).hasMessage("'P5' is not a duration");
        assertThatThrownBy(() -> DurationText.parse("1h1d")).hasMessageContaining("out of order or repeated");
    }

    @Test
    void durationMistakes() {
        assertThatThrownBy(() -> DurationText.parse("5")).hasMessage("'5' has no unit");
        assertThatThrownBy(() -> DurationText.parse("-5s")).hasMessage("'-5s' is negative");
        assertThatThrownBy(() -> DurationText.parse("5s5s")).hasMessageContaining("out of order or repeated");
        assertThatThrownBy(() -> DurationText.parse("99999999999999999999h")).hasMessageContaining("too large");
    }

    @Test
    void labelSelectors() {
        assertThat(LabelSelector.parse("app=a, tier == web,example.com/x=").labels())
                .containsExactly(Map.entry("app", "a"), Map.entry("tier", "web"), Map.entry("example.com/x", ""));
        assertThat(LabelSelector.parse("app=a, tier==web").toString()).isEqualTo("app=a,tier=web");
        assertThatThrownBy(() -> LabelSelector.parse("app=a,app=b")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> LabelSelector.parse("-app=a")).hasMessageContaining("not a valid label key");
        assertThatThrownBy(() -> LabelSelector.parse("app=a b")).hasMessageContaining("not a valid label value");
        assertThatThrownBy(() -> LabelSelector.parse("Bad_Prefix/app=a")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> LabelSelector.parse(" ")).hasMessage("the selector is empty");
    }

    @Test
    void nearestKeys() {
        List<String> keys = List.of("regions", "names", "thresholds", "runbookDir");
        assertThat(NearestKey.to("regoins", keys)).contains("regions");
        assertThat(NearestKey.to("Thresholds", keys)).contains("thresholds");
        assertThat(NearestKey.to("runbook", keys)).contains("runbookDir");
        assertThat(NearestKey.to("colour", keys)).isEmpty();
        assertThat(NearestKey.distance("regoins", "regions")).isEqualTo(1);
    }
}
