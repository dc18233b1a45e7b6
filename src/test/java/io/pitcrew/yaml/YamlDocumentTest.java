package io.pitcrew.yaml;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonPointer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlDocumentTest {

    private static final String TEXT = """
            regions:
              - name: us-east-2
                role: control-plane
              - name: us-west-2
                role: proxy
            thresholds:
              nodeCpuPercent: 90
            """;

    @Test
    void remembersTheLineOfEveryValue() {
        YamlDocument doc = YamlDocument.parse("pitcrew.yaml", TEXT);
        assertThat(doc.line(JsonPointer.compile("/regions/1/role"))).isEqualTo(5);
        assertThat(doc.line(JsonPointer.compile("/regions/1"))).isEqualTo(4);
        assertThat(doc.line(JsonPointer.compile("/thresholds/nodeCpuPercent"))).isEqualTo(7);
        // A missing key points at its nearest parent that exists.
        assertThat(doc.line(JsonPointer.compile("/thresholds/missing"))).isEqualTo(6);
    }

    @Test
    void problemsNameFileLinePathAndFix() {
        YamlDocument doc = YamlDocument.parse("pitcrew.yaml", TEXT);
        Problem p = doc.problem(JsonPointer.compile("/regions/1/role"), "bad role", "use proxy");
        assertThat(p.render()).isEqualTo("pitcrew.yaml:5: regions[1].role: bad role\n    fix: use proxy");
    }

    @Test
    void syntaxErrorsSayWhere() {
        assertThatThrownBy(() -> YamlDocument.parse("broken.yaml", "a: 1\nb: [1, 2\nc: 3\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("broken.yaml:")
                .hasMessageContaining("not valid YAML");
    }
}
