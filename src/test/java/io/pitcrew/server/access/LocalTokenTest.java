package io.pitcrew.server.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalTokenTest {

    @Test
    void createdOnceOwnerOnlyAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/serve-token");
        String token = LocalToken.readOrCreate(file);
        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(LocalToken.readOrCreate(file)).isEqualTo(token);
        assertThat(Tokens.operator(token).resolve(token)).get().extracting(Principal::role).isEqualTo(Role.COMMANDER);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void anEmptyFileIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("serve-token");
        Files.writeString(file, "\n");
        assertThatThrownBy(() -> LocalToken.readOrCreate(file)).hasMessageContaining("is empty: delete it");
    }
}
