package io.pitcrew.incident;

import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What people may write into an incident: bounded, newline and tab kept, every other control character refused. */
class FreeTextTest {

    @Test
    void aTextUpToTheBoundIsKeptAsWritten() {
        String note = "a".repeat(FreeText.LONG - 4) + "\n\tb😀";
        assertThat(FreeText.text("note text", note)).as("4000 characters, the emoji counted once").isEqualTo(note);
        assertThat(FreeText.line("title", "t".repeat(FreeText.SHORT))).hasSize(FreeText.SHORT);
        assertThat(FreeText.text("note text", null)).isNull();
    }

    @Test
    void beyondTheBoundItIsRefusedWithTheBound() {
        assertThatThrownBy(() -> FreeText.text("note text", "a".repeat(FreeText.LONG + 1)))
                .isInstanceOf(FreeText.TextRefused.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("note text is 4001 characters long, at most 4000: shorten it, or write several");
        assertThatThrownBy(() -> FreeText.line("title", "t".repeat(FreeText.SHORT + 1)))
                .hasMessage("title is 201 characters long, at most 200: shorten it");
    }

    @Test
    void aWindowsLineEndBecomesANewline() {
        assertThat(FreeText.text("note text", "one\r\ntwo\rthree")).isEqualTo("one\ntwo\nthree");
    }

    @Test
    void otherControlCharactersAreRefusedNotDropped() {
        for (char c : new char[] {'\u0000', '\u0007', '\u001b', '\u007f', '\u0085'}) {
            assertThatThrownBy(() -> FreeText.text("note text", "ab" + c + "cd")).as("U+%04X", (int) c)
                    .hasMessage("note text has a control character (U+%04X) at character 3: only newline and tab may be used", (int) c);
        }
        assertThatThrownBy(() -> FreeText.line("title", "two\nlines"))
                .hasMessage("title has a control character (U+000A) at character 4: it is one line of text");
        assertThatThrownBy(() -> FreeText.line("name", "tab\tbed")).hasMessageContaining("(U+0009)");
    }

    @Test
    void theRulesCheckEveryTextPeopleWrite() {
        Incident i = Lifecycle.declare(1, Declaration.of("disk full", Severity.P1), "alice", Instant.EPOCH).incident();
        String nul = "x\u0000";
        assertThatThrownBy(() -> Lifecycle.written(TimelineEntry.Kind.DECISION, "alice", nul, Instant.EPOCH))
                .hasMessageStartingWith("decision text has a control character");
        assertThatThrownBy(() -> Lifecycle.declare(2, Declaration.of(nul, Severity.P1), "alice", Instant.EPOCH))
                .hasMessageStartingWith("title has");
        assertThatThrownBy(() -> Lifecycle.assign(i, "commander", nul, "alice", Instant.EPOCH)).hasMessageStartingWith("name has");
        assertThatThrownBy(() -> Lifecycle.severity(i, Severity.P2, nul, "alice", Instant.EPOCH))
                .hasMessageStartingWith("reason has");
        assertThatThrownBy(() -> Lifecycle.resolve(i, nul, "alice", Instant.EPOCH)).hasMessageStartingWith("root cause has");
        assertThatThrownBy(() -> Lifecycle.workaround(i, nul, "alice", Instant.EPOCH)).hasMessageStartingWith("workaround has");
    }
}
