package io.pitcrew.observe.aws;

import io.pitcrew.redact.Credentials;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A web identity token exchanged for a role's credentials with STS AssumeRoleWithWebIdentity: IRSA, where EKS mounts
 * the pod's service account token at {@code AWS_WEB_IDENTITY_TOKEN_FILE} and names the role in {@code AWS_ROLE_ARN}.
 */
final class WebIdentity implements CredentialSource {

    @Override
    public String name(AwsConfig config) {
        return "web identity";
    }

    @Override
    public Lookup lookup(AwsConfig config) {
        AwsEnvironment env = config.env();
        Optional<String> tokenFile = env.setting("aws.webIdentityTokenFile", "AWS_WEB_IDENTITY_TOKEN_FILE");
        Optional<String> role = env.setting("aws.roleArn", "AWS_ROLE_ARN");
        if (tokenFile.isEmpty()) return new Lookup.Absent("AWS_WEB_IDENTITY_TOKEN_FILE not set");
        if (role.isEmpty()) {
            return new Lookup.Failed("AWS_WEB_IDENTITY_TOKEN_FILE is set without AWS_ROLE_ARN", "AWS_ROLE_ARN not set",
                    "set AWS_ROLE_ARN to the role to assume (on EKS: annotate the service account with eks.amazonaws.com/role-arn)");
        }
        Path file = env.expand(tokenFile.get());
        String token;
        try {
            token = Credentials.sent(Files.readString(file).strip());
        } catch (IOException e) {
            return new Lookup.Failed("the web identity token cannot be read", file + ": " + e.getClass().getSimpleName(),
                    "check AWS_WEB_IDENTITY_TOKEN_FILE (on EKS: the projected service account token volume)");
        }
        String session = env.setting("aws.roleSessionName", "AWS_ROLE_SESSION_NAME").orElse("pitcrew-" + System.currentTimeMillis());
        try (StsClient sts = config.client(StsClient.builder(), config.region())
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            AssumeRoleWithWebIdentityResponse r = sts.assumeRoleWithWebIdentity(b -> b.roleArn(role.get())
                    .roleSessionName(session).webIdentityToken(token));
            if (r.credentials() == null) {
                return new Lookup.Failed("STS answered without credentials", "AssumeRoleWithWebIdentity had no Credentials",
                        "check AWS_ENDPOINT_URL_STS or the profile's endpoint_url: is it STS?");
            }
            return new Lookup.Found(AwsSessionCredentials.builder().accessKeyId(r.credentials().accessKeyId())
                    .secretAccessKey(r.credentials().secretAccessKey()).sessionToken(r.credentials().sessionToken())
                    .expirationTime(r.credentials().expiration()).build());
        } catch (SdkException e) {
            return AwsError.answered(e)
                    ? new Lookup.Failed("STS refused the web identity token for " + role.get(), AwsError.describe(e),
                            "check that the role's trust policy allows this identity (on EKS: the cluster's OIDC provider and"
                                    + " system:serviceaccount:NAMESPACE:NAME)")
                    : new Lookup.Failed("STS did not answer", AwsError.describe(e),
                            "check that this machine reaches sts." + config.region().id() + ".amazonaws.com (or AWS_ENDPOINT_URL_STS)");
        }
    }
}
