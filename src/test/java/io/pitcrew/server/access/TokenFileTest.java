package io.pitcrew.server.access;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tokens file: only hashes at rest, tokens added atomically and owner-only, load errors that say where and how to fix. */
class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void addPrintsATokenOnceAndKeepsOnlyItsHash() throws Exception {
        Path file = dir.resolve("tokens.yaml");
        String alice = TokenFile.add(file, "alice", Role.COMMANDER);
        String bob = TokenFile.add(file, "bob", Role.VIEWER);

        assertThat(alice).matches("[0-9a-f]{64}").isNotEqualTo(bob);
        String text = Files.readString(file);
        assertThat(text).doesNotContain(alice).doesNotContain(bob).contains("alice", "commander", "bob", "viewer");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no temporary file left").containsExactly("tokens.yaml");
        }

        Tokens tokens = TokenFile.load(file);
        assertThat(tokens.resolve(alice)).contains(new Principal("alice", Role.COMMANDER, null));
        assertThat(tokens.resolve(bob)).contains(new Principal("bob", Role.VIEWER, null));
        assertThat(tokens.resolve(alice + "x")).isEmpty();
        assertThat(tokens.resolve("")).isEmpty();
        assertThat(tokens.toString()).doesNotContain(alice);
    }

    @Test
    void aNameIsAddedOnlyOnce() {
        Path file = dir.resolve("tokens.yaml");
        TokenFile.add(file, "alice", Role.VIEWER);
        assertThatThrownBy(() -> TokenFile.add(file, "alice", Role.COMMANDER))
                .hasMessageContaining("a token named 'alice' exists already").hasMessageContaining("--name");
        assertThatThrownBy(() -> TokenFile.add(file, "bad name!", Role.VIEWER)).hasMessageContaining("--name");
        assertThat(TokenFile.load(file).entries()).hasSize(1);
    }

    @Test
    void loadErrorsNameTheFileTheEntryTheFieldAndTheFix() throws Exception {
        Path file = dir.resolve("tokens.yaml");
        Files.writeString(file, """
                tokens:
                  - name: alice
                    role: admin
                    sha256: %s
                  - name: bob
                    role: viewer
                    sha256: s3cret-token-pasted-by-mistake
                """.formatted("a".repeat(64)));
        assertThatThrownBy(() -> TokenFile.load(file)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.problems()).extracting(Problem::path).containsExactly("tokens[0].role", "tokens[1].sha256");
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.source()).isEqualTo(file.toString()));
            assertThat(e.problems().get(0).line()).as("the role line").isEqualTo(3);
            assertThat(e.problems().get(0).render()).contains("unknown role 'admin'").contains("fix:");
            assertThat(e.problems().get(1).render()).contains("sha256sum").doesNotContain("s3cret-token-pasted-by-mistake");
        });

        Files.writeString(file, "tokens: []\n");
        assertThatThrownBy(() -> TokenFile.load(file)).hasMessageContaining("pitcrew serve token");
        assertThatThrownBy(() -> TokenFile.load(dir.resolve("missing.yaml"))).hasMessageContaining("file not found");
    }

    @Test
    void theSingleTokenIsACommanderNamedOperatorAndSomeTokenIsRequired() throws Exception {
        Path single = dir.resolve("token");
        Files.writeString(single, "  op-token-123 \n");
        assertThat(TokenFile.given(Optional.empty(), Optional.of(single)).resolve("op-token-123"))
                .contains(new Principal("operator", Role.COMMANDER, null));

        Path file = dir.resolve("tokens.yaml");
        String viewer = TokenFile.add(file, "vera", Role.VIEWER);
        Tokens both = TokenFile.given(Optional.of(file), Optional.of(single));
        assertThat(both.resolve(viewer)).contains(new Principal("vera", Role.VIEWER, null));
        assertThat(both.resolve("op-token-123")).isPresent();

        TokenFile.add(file, "operator", Role.VIEWER);
        assertThatThrownBy(() -> TokenFile.given(Optional.of(file), Optional.of(single))).hasMessageContaining("two tokens are named 'operator'");
        // without --tokens, --token-file and the environment variable nothing can be served (unless the test runs with it set)
        if (System.getenv("PITCREW_SERVE_TOKEN") == null) {
            assertThatThrownBy(() -> TokenFile.given(Optional.empty(), Optional.empty())).hasMessageContaining("--tokens FILE");
        }
    }
}
