package io.pitcrew.observe.litellm;

import io.pitcrew.observe.litellm.LiteLLMAnswer.Refusal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** LiteLLM's error bodies across versions (platform-apis.md), read into refusals without the key. */
class LiteLLMErrorBodyTest {

    static final String KEY = "sk-1234567890abcdef";

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "401 | auth_error            | Authentication Error, No api key passed in.                                      | NO_KEY",
            "401 | token_not_found_in_db | Authentication Error, Invalid proxy server token passed. Received API Key = sk-...cdef | INVALID_KEY",
            "401 | auth_error            | Authentication Error, Invalid proxy server token passed. Received API Key = sk-...cdef | INVALID_KEY",
            "400 | expired_key           | Authentication Error - Expired Key. Key Expiry time 2026-01-01 and current time 2026-02-01 | EXPIRED_KEY",
            "401 | expired_key           | Authentication Error - Expired Key. Key Expiry time 2026-01-01 and current time 2026-02-01 | EXPIRED_KEY",
            "429 | throttling_error      | litellm.RateLimitError: BedrockException - Too many requests                      | RATE_LIMITED",
            "500 | internal_server_error | litellm.InternalServerError: boom                                                 | OTHER",
    })
    void errorBodiesBecomeRefusals(int status, String type, String message, Refusal refusal) {
        var client = new LiteLLMClient(URI.create("http://127.0.0.1:1"), Optional.of(KEY), Duration.ofSeconds(1), Optional.empty());
        String body = "{\"error\":{\"message\":\"" + message + " " + KEY + "\",\"type\":\"" + type + "\",\"param\":\"None\",\"code\":\"" + status + "\"}}";

        LiteLLMAnswer.Refused r = client.refused(status, body.getBytes(StandardCharsets.UTF_8), Optional.of("12"));

        assertThat(r.refusal()).isEqualTo(refusal);
        assertThat(r.type()).isEqualTo(type);
        assertThat(r.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(r.toString()).doesNotContain(KEY).doesNotContain("cdef");
    }
}
