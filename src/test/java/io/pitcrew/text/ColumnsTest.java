package io.pitcrew.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnsTest {

    @Test
    void eachColumnIsAsWideAsItsWidestCellTwoSpacesApartWithNothingAfterTheLast() {
        String table = Columns.headed("REGION", "ROLE", "STATUS")
                .row("ap-southeast-2-extra", "proxy", "ok")
                .row("us-east-2", "control-plane", "")
                .render();
        assertThat(table).isEqualTo("""
                REGION                ROLE           STATUS
                ap-southeast-2-extra  proxy          ok
                us-east-2             control-plane
                """);
        Aligned.columns(table.lines().toList().subList(0, 2));
    }

    @Test
    void aNoteIsALineOfItsOwnThatWidensNoColumn() {
        String table = Columns.headed("REGION", "STATUS")
                .row("us-west-2", "unreachable")
                .note("  (connection refused: nothing listens on 127.0.0.1:1, the API server is down) ")
                .row("eu-west-2", "ok")
                .render("  ");
        assertThat(table).isEqualTo("""
                  REGION     STATUS
                  us-west-2  unreachable
                    (connection refused: nothing listens on 127.0.0.1:1, the API server is down)
                  eu-west-2  ok
                """);
    }

    @Test
    void aCellIsOneLineAndAnArrowCountsOne() {
        String table = Columns.headed("FIELD", "BEFORE → AFTER", "NOTE")
                .row("spec.replicas", "6 → 10", "two\nlines")
                .row(null, "→", "x")
                .render();
        assertThat(table).isEqualTo("""
                FIELD          BEFORE → AFTER  NOTE
                spec.replicas  6 → 10          two lines
                               →               x
                """);
    }

    @Test
    void aWideCharacterCountsTwoAndACombiningMarkNone() {
        // a commander named in Japanese (incident list), an emoji and an accent written as e + U+0301 in a title
        String table = Columns.headed("ID", "COMMANDER", "TITLE")
                .row("INC-3", "山田太郎", "x")
                .row("INC-2", "-", "🔥 outage")
                .row("INC-1", "re\u0301my", "y")
                .render();
        assertThat(table).isEqualTo("""
                ID     COMMANDER  TITLE
                INC-3  山田太郎   x
                INC-2  -          🔥 outage
                INC-1  re\u0301my       y
                """);
    }
}
