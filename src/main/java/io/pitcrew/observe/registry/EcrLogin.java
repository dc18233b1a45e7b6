package io.pitcrew.observe.registry;

import io.pitcrew.observe.aws.AwsConfig;
import io.pitcrew.observe.aws.AwsCredentialChain;
import io.pitcrew.observe.aws.AwsEnvironment;
import io.pitcrew.observe.aws.AwsError;
import io.pitcrew.observe.aws.AwsSignIn;
import io.pitcrew.redact.Credentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECR's registry password, as {@code aws ecr get-login-password} gets it: GetAuthorizationToken returns
 * base64("AWS:<password>"), valid 12 hours. AWS credentials come from where the AWS CLI finds them
 * ({@link AwsCredentialChain}: the environment, IRSA's web identity, the profile with SSO, a container or instance
 * role). The password only ever goes to {@link RegistryClient} and is never logged.
 */
public final class EcrLogin {

    private static final Pattern ECR_HOST = Pattern.compile("(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    private EcrLogin() {}

    /** The AWS region of an ECR registry host ({@code 123456789012.dkr.ecr.us-east-2.amazonaws.com}), if it is one. */
    public static Optional<String> regionOf(String registryHost) {
        Matcher m = ECR_HOST.matcher(registryHost);
        return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** The password for {@code region}'s ECR with this process's AWS credentials. */
    public static EcrPassword login(String region, Duration timeout) {
        return login(region, AwsEnvironment.current(), timeout);
    }

    /**
     * As {@link #login(String, Duration)}, with the AWS settings of {@code env}. ECR is asked where the SDK says
     * ({@code AWS_ENDPOINT_URL_ECR}, the profile's {@code endpoint_url}, else {@code api.ecr.REGION.amazonaws.com}).
     */
    public static EcrPassword login(String region, AwsEnvironment env, Duration timeout) {
        AwsConfig config = AwsConfig.load(env, Region.of(region), timeout);
        return switch (AwsCredentialChain.signIn(config)) {
            case AwsSignIn.NotSignedIn none -> new EcrPassword.Unavailable(none.reason());
            case AwsSignIn.SignedIn in -> authorizationToken(config, in);
        };
    }

    private static EcrPassword authorizationToken(AwsConfig config, AwsSignIn.SignedIn in) {
        try (EcrClient ecr = config.client(EcrClient.builder(), config.region())
                .credentialsProvider(StaticCredentialsProvider.create(in.credentials())).build()) {
            Optional<String> token = ecr.getAuthorizationToken().authorizationData().stream().findFirst()
                    .map(AuthorizationData::authorizationToken);
            Optional<String> userAndPassword = token.flatMap(EcrLogin::decoded);
            if (token.isPresent() && userAndPassword.isEmpty()) {
                return new EcrPassword.Unavailable("ECR's authorization token is not base64; fix: check AWS_ENDPOINT_URL_ECR or the"
                        + " profile's endpoint_url: is it ECR?");
            }
            return userAndPassword.filter(up -> up.startsWith("AWS:")).map(up -> up.substring("AWS:".length()))
                    .<EcrPassword>map(password -> {
                        Credentials.sentBasic("AWS", password);
                        return new EcrPassword.Granted(password);
                    })
                    .orElseGet(() -> new EcrPassword.Unavailable("ECR answered GetAuthorizationToken without an AWS:<password>"
                            + " token; fix: check AWS_ENDPOINT_URL_ECR or the profile's endpoint_url: is it ECR?"));
        } catch (SdkException e) {
            int status = AwsError.status(e);
            // only a refusal is the identity's to fix; a throttle or a failure of ECR's own is asked again
            String why = AwsError.describe(e);
            return new EcrPassword.Unavailable(why.startsWith("the answer")
                    ? "ECR's answer to GetAuthorizationToken could not be read: " + why + "; fix: ask again; if it persists, check"
                            + " AWS_ENDPOINT_URL_ECR or the profile's endpoint_url: is it ECR?"
                    : !AwsError.answered(e)
                    ? "ECR did not answer GetAuthorizationToken: " + AwsError.describe(e) + "; fix: can this machine reach api.ecr."
                            + config.region().id() + ".amazonaws.com?"
                    : status == 429 || AwsError.describe(e).startsWith("Throttling")
                    ? "ECR is throttling GetAuthorizationToken: " + AwsError.describe(e) + "; fix: wait, then ask again"
                    : status >= 500
                    ? "ECR failed to answer GetAuthorizationToken: " + AwsError.describe(e) + "; fix: ask again, and check AWS's status if it persists"
                    : "ECR refused GetAuthorizationToken to the credentials from " + in.source() + ": " + AwsError.describe(e)
                            + "; fix: allow ecr:GetAuthorizationToken to that identity (the AmazonEC2ContainerRegistryReadOnly policy has it)");
        }
    }

    /** The token decoded, or empty when it is not base64: only the decoding, so no other error of the call is said as this. */
    private static Optional<String> decoded(String token) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
