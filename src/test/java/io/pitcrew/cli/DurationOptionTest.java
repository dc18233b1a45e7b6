package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.time.Duration;

import static io.pitcrew.cli.FixCommandTest.pitcrew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every duration option: the forms people type, bounds from what the option means, errors naming option and value. */
class DurationOptionTest {

    @TempDir
    Path tmp;

    /** No kubeconfig at all: a command that got past its options would stop here, never connect or serve. */
    private String nowhere() {
        return tmp.resolve("no-kubeconfig").toString();
    }

    @Test
    void retroTakesDaysAsItsMessageSuggests() {
        for (String since : new String[] {"1d", "2d", "1d12h", "PT5M", "90d"}) {
            Run r = pitcrew("retro", "--since", since, "--db", tmp.resolve("pitcrew.db").toString());
            assertThat(r.exit()).as(since + ": " + r.err()).isZero();
            assertThat(r.out()).contains("incidents declared since");
        }
        Run tooFar = pitcrew("retro", "--since", "91d", "--db", tmp.resolve("pitcrew.db").toString());
        assertThat(tooFar.exit()).isEqualTo(2);
        assertThat(tooFar.err()).contains("--since 91d").contains("at most 90d").contains("UTC time");
    }

    @Test
    void aKeyRotationPauseIsMoreThanZeroAndAtMostAWorkshopDay() {
        for (String bad : new String[] {"0s", "99999999h", "25h", "2d", "-5m", "4 hours"}) {
            Run r = pitcrew("fix", "pause-key-rotation", "--for", bad, "--kubeconfig", nowhere());
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--for").contains("'" + bad + "'")
                    .contains("a key-rotation pause is more than 0 and at most 24h")
                    .doesNotContain("kubeconfig").doesNotContain("Usage:");
        }
        assertThat(pitcrew("fix", "pause-key-rotation", "--for", "abc", "--kubeconfig", nowhere()).err())
                .contains("write a duration like 90s, 5m, 4h, 1d or 1h30m");
    }

    @Test
    void serveRefusesIntervalsItCannotUseBeforeItServes() {
        String[][] cases = {{"--debounce", "0s"}, {"--poll", "2x"}, {"--liveness", "-1s"}, {"--probe-interval", "2h"},
                {"--resolve-grace", "30d"}, {"--new-for", "0ms"}, {"--keep-resolved", "1y"}};
        for (String[] c : cases) {
            Run r = pitcrew("serve", c[0], c[1], "--kubeconfig", nowhere());
            assertThat(r.exit()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", c)).contains("option '" + c[0] + "'").contains("'" + c[1] + "'")
                    .doesNotContain("kubeconfig");
        }
    }

    @Test
    void timeoutAndWaitTakeDurationsAndStillPlainSeconds() {
        assertThat(new DurationOption.RegionTimeout().convert("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(new DurationOption.RegionTimeout().convert("0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(new DurationOption.RegionTimeout().convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(new DurationOption.Wait().convert("120")).isEqualTo(Duration.ofMinutes(2));
        assertThat(new DurationOption.Wait().convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> new DurationOption.Wait().convert("61m")).isInstanceOf(TypeConversionException.class)
                .hasMessage("'61m' is too long: the wait is more than 0 and at most 1h");
        assertThatThrownBy(() -> new DurationOption.Wait().convert("99999999999999999999"))
                .hasMessageContaining("too long");

        Run zero = pitcrew("doctor", "--timeout", "0", "--kubeconfig", nowhere());
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("option '--timeout'").contains("'0' is zero").doesNotContain("kubeconfig");
        Run minutes = pitcrew("fix", "scale-litellm", "--wait", "5x", "--kubeconfig", nowhere());
        assertThat(minutes.err()).contains("option '--wait'").contains("'5x' is not a duration").contains("or a number of seconds");
    }

    @Test
    void aMistypedOptionIsOneErrorNotTheWholeUsage() {
        Run r = pitcrew("doctor", "--fail-on", "P9", "--kubeconfig", nowhere());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid value for option '--fail-on'").contains("pitcrew doctor --help")
                .doesNotContain("Usage:");
    }
}
