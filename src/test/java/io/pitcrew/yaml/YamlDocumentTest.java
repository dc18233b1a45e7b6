package io.pitcrew.yaml;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonPointer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlDocumentTest {

    @Test
    void blockValuesAreReportedOnTheLineOfTheirKey() {
        YamlDocument doc = YamlDocument.parse("p.yaml", """
                # a comment
                regions:
                  - name: a
                    role:
                      nested: 1
                thresholds:
                  nodeCpuPercent: 90
                """);

        assertThat(doc.line(JsonPointer.compile("/regions"))).isEqualTo(2);
        assertThat(doc.line(JsonPointer.compile("/regions/0"))).isEqualTo(3);
        assertThat(doc.line(JsonPointer.compile("/regions/0/role"))).isEqualTo(4);
        assertThat(doc.line(JsonPointer.compile("/thresholds"))).isEqualTo(6);
        assertThat(doc.line(JsonPointer.compile("/thresholds/nodeCpuPercent"))).isEqualTo(7);
        // A key that is not there is placed at its nearest parent.
        assertThat(doc.line(JsonPointer.compile("/thresholds/logWindow"))).isEqualTo(6);
    }

    @Test
    void aKeyGivenTwiceIsAProblemOnTheSecondOne() {
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "thresholds:\n  a: 1\nthresholds:\n  b: 2\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    Problem p = e.problems().getFirst();
                    assertThat(p.line()).isEqualTo(3);
                    assertThat(p.message()).contains("key given twice").contains("thresholds");
                    assertThat(p.fix()).contains("only once");
                });
    }

    @Test
    void readablePaths() {
        assertThat(YamlDocument.readable(JsonPointer.compile("/regions/1/role"))).isEqualTo("regions[1].role");
        assertThat(YamlDocument.readable(JsonPointer.empty())).isEmpty();
    }
}
