package io.pitcrew.observe.aws;

import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The credentials endpoint a container is given: an ECS task role ({@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}) or
 * an EKS Pod Identity association ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and its token file). Asked only when
 * one is set, through the SDK's provider, which reads the same settings.
 */
final class ContainerRole implements CredentialSource {

    @Override
    public String name(AwsConfig config) {
        return "container";
    }

    @Override
    public Lookup lookup(AwsConfig config) {
        AwsEnvironment env = config.env();
        if (env.setting("aws.containerCredentialsPath", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isEmpty()
                && env.setting("aws.containerCredentialsFullUri", "AWS_CONTAINER_CREDENTIALS_FULL_URI").isEmpty()) {
            return new Lookup.Absent("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI not set");
        }
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            return new Lookup.Found(provider.resolveCredentials());
        } catch (SdkException e) {
            return new Lookup.Failed("the container credentials endpoint gave no credentials", AwsError.describe(e),
                    "check the ECS task role or the EKS pod identity association of pitcrew's pod");
        }
    }
}
