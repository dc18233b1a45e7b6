package io.pitcrew.redact;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsTest {

    @Test
    void aSentCredentialIsScrubbedInEveryFormItComesBackIn() {
        String token = Credentials.sent("Xk3fQ9-vP2mZt8Lw/aB+c=");
        assertThat(token).isEqualTo("Xk3fQ9-vP2mZt8Lw/aB+c=");
        String base64 = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        String echoed = "raw " + token + " b64 " + base64 + " url " + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + " json " + token.replace("/", "\\/");
        String scrubbed = Credentials.scrub(echoed);
        assertThat(scrubbed).doesNotContain(token).doesNotContain(base64).doesNotContain("Xk3fQ9").contains("raw [redacted]");
    }

    @Test
    void basicCredentialsAreScrubbedAsTheHeaderCarriesThem() {
        Credentials.sentBasic("AWS", "ecr-password-0123456789");
        String header = Base64.getEncoder().encodeToString("AWS:ecr-password-0123456789".getBytes(StandardCharsets.UTF_8));
        assertThat(Credentials.scrub("got " + header)).isEqualTo("got [redacted]");
    }

    @Test
    void credentialsInHeaderShapeAreScrubbedEvenWhenNobodyRegisteredThem() {
        String dump = """
                GET /api/v2/workspaceproxies HTTP/1.1
                Coder-Session-Token: unregistered-1
                Authorization: Bearer abc.def.0123
                {"headers": {"Coder-Session-Token": "unregistered-2", "X-Api-Key": "k-3456"}}
                Authorization=Basic QVdTOnNlY3JldA==
                token k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl
                """;
        String scrubbed = Credentials.scrub(dump);
        assertThat(scrubbed).doesNotContain("unregistered-1", "unregistered-2", "abc.def.0123", "QVdTOnNlY3JldA==",
                "k8s-aws-v1.aHR0", "eyJhbGciOiJSUzI1NiJ9", "k-3456");
        assertThat(scrubbed).contains("Coder-Session-Token: [redacted]", "GET /api/v2/workspaceproxies HTTP/1.1");
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String prose = "Back-off restarting failed container; basic authentication failed; token_not_found_in_db; "
                + "pod coder-provisioner-default-7d9f (OOMKilled, exit 137); disk-pressure";
        assertThat(Credentials.scrub(prose)).isEqualTo(prose);
        assertThat(Credentials.scrub(null)).isEmpty();
    }

    @Test
    void pitcrewsOwnTextAndJsonPassUntouched() {
        String json = "{\"command\":\"curl -H \\\"Coder-Session-Token: $CODER_SESSION_TOKEN\\\" https://ai.coder.com/api/v2\","
                + "\"help\":\"API (Authorization: Bearer TOKEN, or a session)\",\"note\":\"token: expired\","
                + "\"step\":\"Authorization: <token>\"}";
        assertThat(Credentials.scrub(json)).isEqualTo(json);
        assertThat(Credentials.hideSent(json)).isEqualTo(json);
    }

    @Test
    void hideSentReplacesOnlyTheValuesSent() {
        String token = Credentials.sent("hide-sent-canary-0123456789");
        assertThat(Credentials.hideSent("{\"a\":\"" + token + "\",\"b\":\"Authorization: Bearer unregistered-0123\"}"))
                .isEqualTo("{\"a\":\"[redacted]\",\"b\":\"Authorization: Bearer unregistered-0123\"}");
    }

    @Test
    void shortValuesAreNotRegistered() {
        Credentials.sent("abc");
        assertThat(Credentials.scrub("abc is a word")).isEqualTo("abc is a word");
    }
}
