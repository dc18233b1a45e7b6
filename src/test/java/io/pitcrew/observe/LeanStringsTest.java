package io.pitcrew.observe;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A value met again is the string already held; values met once do not push out the ones that keep coming. */
class LeanStringsTest {

    @Test
    void aRepeatedValueIsTheStringAlreadyHeld() {
        String value = "ns-" + UUID.randomUUID();
        String first = LeanStrings.of(new String(value));
        assertThat(LeanStrings.of(new String(value))).isSameAs(first);
        String other = "other-" + UUID.randomUUID();
        assertThat(LeanStrings.of(other)).isSameAs(other);
    }

    @Test
    void aValueMetWithEveryObjectIsHeldNearlyOnceAmongManyValuesMetOnce() {
        String namespace = "ns-" + UUID.randomUUID();
        Set<String> copies = Collections.newSetFromMap(new IdentityHashMap<>());
        // 10,000 pods: each with the namespace, and 20 values no other pod has
        for (int pod = 0; pod < 10_000; pod++) {
            copies.add(LeanStrings.of(new String(namespace)));
            IntStream.range(0, 20).forEach(i -> LeanStrings.of(UUID.randomUUID().toString()));
        }
        assertThat(copies).as("copies of one value among 10,000 objects").hasSizeLessThan(50);
    }
}
