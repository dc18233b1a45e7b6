package io.pitcrew.observe;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A lean map reads as the LinkedHashMap it was made from: same entries, same order, equal, and cannot be changed. */
class LeanMapTest {

    private static final Map<String, Object> READ = new LinkedHashMap<>();

    static {
        READ.put("z-first", "1");
        READ.put("a-second", null);
        READ.put("m-third", 3);
    }

    private final Map<String, Object> lean = new LeanMap<>(new Object[] {"z-first", "1", "a-second", null, "m-third", 3});

    @Test
    void readsAsTheMapItWasMadeFrom() {
        assertThat(lean).isEqualTo(READ).hasSameHashCodeAs(READ).hasSize(3);
        assertThat(READ).isEqualTo(lean);
        assertThat(lean.keySet()).containsExactly("z-first", "a-second", "m-third");
        assertThat(lean.get("m-third")).isEqualTo(3);
        assertThat(lean.get("nope")).isNull();
        assertThat(lean.containsKey("a-second")).isTrue();
        assertThat(lean.containsKey("nope")).isFalse();
        assertThat(lean.getOrDefault("nope", "default")).isEqualTo("default");
        assertThat(lean.toString()).isEqualTo(READ.toString());
    }

    @Test
    void cannotBeChanged() {
        assertThatThrownBy(() -> lean.put("new", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> lean.remove("z-first")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(lean::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> lean.entrySet().iterator().next().setValue("2")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(lean).isEqualTo(READ);
    }
}
