package io.pitcrew.server.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A token is known by its hash only: compared as such, never printed. */
class TokensTest {

    @Test
    void theTokenIsComparedByHashAndNeverPrinted() {
        Tokens tokens = Tokens.operator("s3cret-token");
        assertThat(tokens.resolve("s3cret-token")).get().extracting(Principal::name).isEqualTo(Tokens.OPERATOR);
        assertThat(tokens.resolve(" s3cret-token\n")).isPresent();
        assertThat(tokens.resolve("s3cret-tokeN")).isEmpty();
        assertThat(tokens.resolve("")).isEmpty();
        assertThat(tokens.resolve(null)).isEmpty();
        assertThat(tokens.toString()).doesNotContain("s3cret");
        assertThat(tokens.entries().getFirst().toString()).doesNotContain("s3cret");
    }
}
