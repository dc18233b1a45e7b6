package io.pitcrew.observe.registry;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import io.pitcrew.redact.Credentials;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECR's registry password, as {@code aws ecr get-login-password} gets it: GetAuthorizationToken returns
 * base64("AWS:<password>"), valid 12 hours. AWS credentials come from the SDK's default chain (environment,
 * profile, or the pod's IRSA web identity when pitcrew runs in the cluster). The password only ever goes to
 * {@link RegistryClient} and is never logged.
 */
public final class EcrLogin {

    private static final Pattern ECR_HOST = Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    private EcrLogin() {}

    /** The AWS region of an ECR registry host ({@code 123456789012.dkr.ecr.us-east-2.amazonaws.com}), if it is one. */
    public static Optional<String> regionOf(String registryHost) {
        Matcher m = ECR_HOST.matcher(registryHost);
        return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** The password for {@code region}'s ECR from the default credentials chain; empty when AWS says no. */
    public static Optional<String> password(String region, Duration timeout) {
        return password(region, Optional.empty(), DefaultCredentialsProvider.builder().build(), timeout);
    }

    /** As {@link #password(String, Duration)}, against {@code endpoint} (a VPC endpoint, or a test server). */
    public static Optional<String> password(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
                                            Duration timeout) {
        var builder = EcrClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout));
        endpoint.ifPresent(builder::endpointOverride);
        try (EcrClient ecr = builder.build()) {
            return ecr.getAuthorizationToken().authorizationData().stream().findFirst()
                    .map(AuthorizationData::authorizationToken)
                    .map(token -> new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8))
                    .filter(userAndPassword -> userAndPassword.startsWith("AWS:"))
                    .map(userAndPassword -> userAndPassword.substring("AWS:".length()))
                    .map(password -> {
                        Credentials.sentBasic("AWS", password);
                        return password;
                    });
        } catch (SdkException | IllegalArgumentException e) {
            // No credentials, no permission, no network: the mirror is then read anonymously and says Denied, which
            // the report lists under "could not ask" with what to do about the credentials.
            return Optional.empty();
        }
    }
}
