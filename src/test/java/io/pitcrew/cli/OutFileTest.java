package io.pitcrew.cli;

import io.pitcrew.redact.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What --out writes: the file is shared (0644), so it gets the same last guard as standard output. */
class OutFileTest {

    @TempDir
    Path tmp;

    @Test
    void aCredentialPitcrewSentIsHiddenInTheFileAsOnStandardOutput() throws IOException {
        String token = Credentials.sent("out-file-canary-" + System.nanoTime());
        Path file = tmp.resolve("report.md");

        new OutFile(file, "--out").write("region us-east-2: the API server answered 401 to " + token + "\n");

        assertThat(Files.readString(file)).doesNotContain(token)
                .isEqualTo("region us-east-2: the API server answered 401 to " + Credentials.MARK + "\n");
    }
}
