package io.pitcrew.observe.aws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSO cache written back after a refresh: whole or not at all, and no copy of its secrets left beside it. */
class SsoTokenTest {

    @TempDir
    Path cache;

    @Test
    void aWriteBackThatFailsLeavesNoTemporaryCopyOfTheTokens() throws IOException {
        // where the token file should be, something the rename cannot replace (here a directory with a file in it)
        Path file = SsoToken.file(cache, "corp");
        Files.createDirectories(file);
        Files.writeString(file.resolve("keep"), "x");
        ObjectNode json = JsonMapper.builder().build().createObjectNode()
                .put("accessToken", "sso-access-token-0123456789").put("expiresAt", "2026-12-04T10:00:00Z")
                .put("refreshToken", "sso-refresh-token-0123456789").put("clientSecret", "sso-client-secret-0123456789");

        assertThatThrownBy(() -> new SsoToken(file, json).write()).isInstanceOf(IOException.class);

        try (Stream<Path> left = Files.list(cache)) {
            assertThat(left).as("only what was there before").containsExactly(file);
        }
    }
}
