package io.pitcrew.config;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small texts users type — durations ({@code --for 4h}, {@code regionTimeout: 10s}) and label selectors
 * ({@code workspaceSelector: app=coder-workspace}) — from anything a keyboard or a paste can give: a value, or an
 * IllegalArgumentException whose message quotes what was wrong (which the callers put behind the option or the line).
 */
class FuzzedTextTest {

    @Provide
    Arbitrary<String> durationLike() {
        Arbitrary<String> part = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.longs().greaterOrEqual(0)).map(String::valueOf),
                Arbitraries.of("d", "h", "m", "s", "ms", "", "us", "H", " ", "-", "."))
                .as((n, u) -> n + u);
        Arbitrary<String> composed = part.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
        Arbitrary<String> iso = Arbitraries.strings().withChars("PTDHMS0123456789.-,").ofMaxLength(20).map(s -> "P" + s);
        return Arbitraries.oneOf(composed, iso, Arbitraries.strings().ofMaxLength(30));
    }

    @Property
    void aDurationIsNonNegativeOrRefusedQuotingTheText(@ForAll("durationLike") String text) {
        try {
            Duration d = DurationText.parse(text);
            assertThat(d.isNegative()).as("%s", d).isFalse();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("'" + text.strip() + "'");
        }
    }

    @Property
    void everyDurationPitcrewPrintsReadsBackTheSame(@ForAll("durations") Duration d) {
        assertThat(DurationText.parse(DurationText.format(d))).isEqualTo(d);
    }

    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.longs().between(0, Duration.ofDays(3650).toMillis()).map(Duration::ofMillis);
    }

    @Provide
    Arbitrary<String> selectorLike() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcz019-_./A").ofMinLength(0).ofMaxLength(70);
        Arbitrary<String> requirement = Combinators.combine(word, Arbitraries.of("=", "==", "!=", " in ", "", "=="), word)
                .as((k, op, v) -> k + op + v);
        Arbitrary<String> selector = requirement.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(",", l));
        return Arbitraries.oneOf(selector, Arbitraries.strings().ofMaxLength(40));
    }

    @Property
    void aSelectorReadsBackTheSameOrIsRefusedSayingWhy(@ForAll("selectorLike") String text) {
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(LabelSelector.parse(selector.toString())).isEqualTo(selector);
        assertThat(selector.matches(selector.labels())).isTrue();
    }
}
