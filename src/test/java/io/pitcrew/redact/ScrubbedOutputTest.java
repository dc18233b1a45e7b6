package io.pitcrew.redact;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ScrubbedOutputTest {

    @Test
    void everyLineIsScrubbedPartialLinesShowOnFlushAndCharactersAreNeverSplit() {
        String token = Credentials.sent("stdout-canary-token-0123456789");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = ScrubbedOutput.of(new PrintStream(sink, false, StandardCharsets.UTF_8));
        out.println("401 for " + token + " — denied");
        out.print("progress 1/3 " + token + "\r");
        out.print("Type the action's name to confirm: ");
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).endsWith("confirm: ");
        byte[] dash = "—".getBytes(StandardCharsets.UTF_8);
        out.write(dash, 0, 1); // half a character, then a flush: nothing broken is written
        out.flush();
        out.write(dash, 1, dash.length - 1);
        out.println();
        String written = sink.toString(StandardCharsets.UTF_8);
        assertThat(written).doesNotContain(token).doesNotContain("\uFFFD")
                .isEqualTo("401 for [redacted] — denied" + System.lineSeparator() + "progress 1/3 [redacted]\r"
                        + "Type the action's name to confirm: —" + System.lineSeparator());
    }

    @Test
    void aCredentialPrintedInPiecesIsStillHiddenAndPitcrewsOwnTextIsLeftAlone() {
        String token = Credentials.sent("pieces-canary-token-0123456789");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = ScrubbedOutput.of(new PrintStream(sink, true, StandardCharsets.UTF_8));
        out.print("Authorization: Bearer ");
        out.print(token.substring(0, 10));
        out.print(token.substring(10));
        out.println();
        String json = "{\"command\": \"curl -H \\\"Coder-Session-Token: $CODER_SESSION_TOKEN\\\" https://ai.coder.com\"}";
        out.println(json);
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("Authorization: Bearer [redacted]" + System.lineSeparator()
                + json + System.lineSeparator());
    }
}
