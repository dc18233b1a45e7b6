package io.pitcrew.observe.aws;

import io.pitcrew.redact.Credentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The bearer token an EKS API server takes, made here as {@code aws eks get-token} and aws-iam-authenticator make it:
 * an STS {@code GetCallerIdentity} request, presigned with SigV4 for 60 seconds with the cluster's name in the signed
 * {@code x-k8s-aws-id} header, its URL base64url-encoded (no padding) behind {@code k8s-aws-v1.}. The API server's
 * authenticator sends that request to STS and maps the identity STS answers with (the pod's IRSA role, a user) to
 * Kubernetes RBAC; nothing is asked of AWS to make the token, so it costs a signature, not a round trip.
 *
 * <p>EKS accepts a token for 15 minutes from its signing time; {@link #REFRESH} keeps every token sent well inside
 * that (the CLI's {@code expirationTimestamp} is 14 minutes).
 */
public final class EksToken {

    /** The prefix EKS's authenticator recognises. */
    public static final String PREFIX = "k8s-aws-v1.";
    /** The header carrying the cluster's name, signed so a token made for one cluster does not open another. */
    public static final String CLUSTER_HEADER = "x-k8s-aws-id";
    /** How long the presigned URL itself is valid, as the CLI signs it. */
    static final Duration PRESIGNED_FOR = Duration.ofSeconds(60);
    /** A token older than this is made again before it is sent. */
    public static final Duration REFRESH = Duration.ofMinutes(10);

    private EksToken() {}

    /**
     * A token for {@code cluster} in {@code awsRegion}, signed with {@code credentials} at {@code clock}'s now.
     *
     * @param sts the STS endpoint to presign for: {@code https://sts.REGION.amazonaws.com} unless overridden (tests,
     *            FIPS or VPC endpoints)
     */
    public static String sign(AwsCredentials credentials, String cluster, String awsRegion, URI sts, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(sts)
                .encodedPath("/")
                .appendRawQueryParameter("Action", "GetCallerIdentity")
                .appendRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_HEADER, cluster)
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials)
                .request(request)
                .putProperty(AwsV4HttpSigner.REGION_NAME, awsRegion)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, PRESIGNED_FOR)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        String url = signed.getUri().toString();
        return Credentials.sent(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8)));
    }

    /** STS's regional endpoint, where the CLI presigns (the global one is a legacy default EKS also accepts). */
    public static URI regionalSts(String awsRegion) {
        return URI.create("https://sts." + awsRegion + ".amazonaws.com");
    }
}
