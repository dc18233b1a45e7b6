package io.pitcrew.observe.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EKS bearer token has the shape EKS's authenticator (aws-iam-authenticator) takes, and its signature is checked
 * here by an independent SigV4 computation, as STS checks it when the authenticator forwards the presigned request.
 */
class EksTokenTest {

    private static final Clock AT = Clock.fixed(Instant.parse("2026-12-04T20:15:30Z"), ZoneOffset.UTC);
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void aTokenIsAPresignedGetCallerIdentityForTheClusterBase64UrlEncodedBehindThePrefix() {
        String token = EksToken.sign(AwsBasicCredentials.create("AKIDEXAMPLE", SECRET), "coder-usw2", "us-west-2",
                EksToken.regionalSts("us-west-2"), AT);

        assertThat(token).startsWith("k8s-aws-v1.").doesNotContain("=").doesNotContain("+").doesNotContain("/");
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring("k8s-aws-v1.".length())), StandardCharsets.UTF_8));
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isEqualTo("sts.us-west-2.amazonaws.com");
        assertThat(url.getPath()).isEqualTo("/");
        Map<String, String> query = query(url);
        assertThat(query).containsEntry("Action", "GetCallerIdentity").containsEntry("Version", "2011-06-15")
                .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                .containsEntry("X-Amz-Credential", "AKIDEXAMPLE/20261204/us-west-2/sts/aws4_request")
                .containsEntry("X-Amz-Date", "20261204T201530Z")
                .containsEntry("X-Amz-Expires", "60")
                .containsEntry("X-Amz-SignedHeaders", "host;x-k8s-aws-id");
        assertThat(query.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
        assertThat(query.get("X-Amz-Signature")).isEqualTo(signature(url, "coder-usw2", SECRET));
    }

    @Test
    void theSignatureCoversTheClusterSoATokenForOneClusterDoesNotOpenAnother() {
        String token = EksToken.sign(AwsBasicCredentials.create("AKIDEXAMPLE", SECRET), "coder-usw2", "us-west-2",
                EksToken.regionalSts("us-west-2"), AT);
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(11)), StandardCharsets.UTF_8));

        assertThat(query(url).get("X-Amz-Signature")).isNotEqualTo(signature(url, "coder-euw2", SECRET));
    }

    @Test
    void temporaryCredentialsCarryTheirSessionTokenInTheUrl() {
        String token = EksToken.sign(AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, "session-token-0123"), "coder-euw2",
                "eu-west-2", EksToken.regionalSts("eu-west-2"), AT);
        URI url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(11)), StandardCharsets.UTF_8));

        assertThat(url.getHost()).isEqualTo("sts.eu-west-2.amazonaws.com");
        assertThat(query(url)).containsEntry("X-Amz-Security-Token", "session-token-0123");
        assertThat(query(url).get("X-Amz-Signature")).isEqualTo(signature(url, "coder-euw2", SECRET));
    }

    @Test
    void aTokenSignedLaterIsAnotherToken() {
        var credentials = AwsBasicCredentials.create("AKIDEXAMPLE", SECRET);
        String first = EksToken.sign(credentials, "coder-usw2", "us-west-2", EksToken.regionalSts("us-west-2"), AT);
        String later = EksToken.sign(credentials, "coder-usw2", "us-west-2", EksToken.regionalSts("us-west-2"),
                Clock.offset(AT, EksToken.REFRESH));

        assertThat(later).isNotEqualTo(first);
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> params = new TreeMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** SigV4 for a presigned GET, from the specification (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html). */
    private static String signature(URI url, String cluster, String secret) {
        Map<String, String> params = query(url);
        params.remove("X-Amz-Signature");
        String canonicalQuery = params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String canonicalRequest = "GET\n/\n" + canonicalQuery + "\nhost:" + url.getHost() + "\nx-k8s-aws-id:" + cluster
                + "\n\nhost;x-k8s-aws-id\nUNSIGNED-PAYLOAD";
        String date = params.get("X-Amz-Date");
        String scope = params.get("X-Amz-Credential").substring(params.get("X-Amz-Credential").indexOf('/') + 1);
        String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
        String[] parts = scope.split("/");
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), parts[0]);
        for (int i = 1; i < parts.length; i++) key = hmac(key, parts[i]);
        return hex(hmac(key, toSign));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
