package io.pitcrew.check;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckHeaderTest {

    @Test
    void everyRegisteredCheckIsHeadedOnce() {
        List<CheckHeader> headers = Stream.concat(Checks.ALL.stream().map(Check::header),
                Checks.PLATFORM.stream().map(PlatformCheck::header)).toList();

        assertThat(headers).extracting(CheckHeader::name).doesNotHaveDuplicates();
        assertThat(headers).allSatisfy(h -> assertThat(h.reads()).as(h.name()).isNotEmpty());
        assertThat(new EvictedPodsCheck().name()).isEqualTo("evicted-pods");
        assertThat(new EvictedPodsCheck().reads()).containsExactly(Input.PODS, Input.CLOCK);
    }

    @Test
    void aHeaderThatSaysNothingIsRefused() {
        assertThatThrownBy(() -> new CheckHeader("evicted-pods", List.of("resource-eviction"), Set.of()))
                .hasMessage("evicted-pods reads nothing");
        assertThatThrownBy(() -> new CheckHeader("evicted-pods", List.of(), EnumSet.of(Input.PODS)))
                .hasMessage("evicted-pods raises no signal");
        assertThatThrownBy(() -> new CheckHeader("Evicted Pods", List.of("resource-eviction"), EnumSet.of(Input.PODS)))
                .hasMessage("a check's name is kebab-case, not 'Evicted Pods'");
    }

    @Test
    void whatItReadsCannotBeChangedAfterwards() {
        EnumSet<Input> reads = EnumSet.of(Input.PODS);
        CheckHeader header = new CheckHeader("evicted-pods", List.of("resource-eviction"), reads);
        reads.add(Input.NODES);

        assertThat(header.reads()).containsExactly(Input.PODS);
        assertThatThrownBy(() -> header.reads().add(Input.NODES)).isInstanceOf(UnsupportedOperationException.class);
    }
}
