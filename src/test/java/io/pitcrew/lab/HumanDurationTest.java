package io.pitcrew.lab;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Ages as k8s.io/apimachinery's duration.HumanDuration prints them (its own test table's cases among them). */
class HumanDurationTest {

    @ParameterizedTest(name = "{0} s → {1}")
    @CsvSource({
            "-2, <invalid>",
            "-1, 0s",
            "0, 0s",
            "1, 1s",
            "119, 119s",
            "120, 2m",
            "303, 5m3s",
            "599, 9m59s",
            "600, 10m",
            "10799, 179m",
            "10800, 3h",
            "11520, 3h12m",
            "28799, 7h59m",
            "28800, 8h",
            "172799, 47h",
            "172800, 2d",
            "273600, 3d4h",
            "691199, 7d23h",
            "691200, 8d",
            "3456000, 40d",
            "63071999, 729d",
            "63072000, 2y",
            "65664000, 2y30d",
            "252287999, 7y364d",
            "252288000, 8y"})
    void printsAsKubectlDoes(long seconds, String printed) {
        assertThat(HumanDuration.of(Duration.ofSeconds(seconds))).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource({"1500, 1s", "-500, 0s", "-1500, 0s"})
    void truncatesTowardZeroAsGoDoes(long millis, String printed) {
        assertThat(HumanDuration.of(Duration.ofMillis(millis))).isEqualTo(printed);
    }
}
