package io.pitcrew.yaml;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * YAML made to exhaust a reader: aliases that expand a billion times, nesting thousands deep, a kubeconfig of 10 MB.
 * Each is refused as one problem naming the file — not parsed into gigabytes, not a StackOverflowError. (How fast is
 * measured in docs/reliability.md, not asserted here.)
 */
class HostileYamlTest {

    @TempDir
    Path tmp;

    static final String LAUGHS = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """;

    @Test
    void aBillionLaughsIsReadWithoutExpandingAndRefusedForWhatItIs() {
        // Jackson's tree keeps an alias as the anchor's one value: nine lines stay nine keys, each an unknown key here
        assertThatThrownBy(() -> ConfigLoader.parse("pitcrew.yaml", "regions: []\n" + LAUGHS))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems()).hasSize(10)
                        .allSatisfy(p -> assertThat(p.source()).isEqualTo("pitcrew.yaml")));
    }

    @Test
    void nestingThousandsDeepIsRefusedNotAStackOverflow() {
        String deep = "regions: " + "[".repeat(8000) + "]".repeat(8000) + "\n";
        assertRefused("pitcrew.yaml", () -> ConfigLoader.parse("pitcrew.yaml", deep));
        String blocks = "regions:\n" + buildBlocks(3000);
        assertRefused("pitcrew.yaml", () -> ConfigLoader.parse("pitcrew.yaml", blocks));
    }

    @Test
    void aKubeconfigOfTenMegabytesIsRefusedBeforeItIsParsed() throws IOException {
        Path file = tmp.resolve("kubeconfig");
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: Config\n").append(LAUGHS).append("clusters:\n");
        while (b.length() < 10 << 20) b.append("  - {name: c").append(b.length()).append(", cluster: {server: 'https://x'}}\n");
        Files.writeString(file, b);
        assertRefused(file.toString(), () -> Kubeconfig.read(file));
        assertThatThrownBy(() -> Kubeconfig.read(file)).hasMessageContaining("is 10 MB; pitcrew reads a kubeconfig of at most 4 MB");
    }

    private static String buildBlocks(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) b.append(" ".repeat(i + 1)).append("k").append(i).append(":\n");
        return b.toString();
    }

    private static void assertRefused(String source, Runnable reading) {
        assertThatThrownBy(reading::run).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.problems()).hasSize(1);
            assertThat(e.problems().getFirst().source()).isEqualTo(source);
            assertThat(e.problems().getFirst().message()).doesNotContain("Exception");
            assertThat(e.problems().getFirst().fix()).isNotBlank();
        });
    }
}
