package io.pitcrew.observe.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.util.Optional;

/** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} (or their system properties). */
final class KeysInEnvironment implements CredentialSource {

    @Override
    public String name(AwsConfig config) {
        return "environment";
    }

    @Override
    public Lookup lookup(AwsConfig config) {
        AwsEnvironment env = config.env();
        Optional<String> id = env.setting("aws.accessKeyId", "AWS_ACCESS_KEY_ID");
        Optional<String> secret = env.setting("aws.secretAccessKey", "AWS_SECRET_ACCESS_KEY");
        Optional<String> session = env.setting("aws.sessionToken", "AWS_SESSION_TOKEN");
        if (id.isEmpty()) return new Lookup.Absent("AWS_ACCESS_KEY_ID not set");
        if (secret.isEmpty()) {
            return new Lookup.Failed("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY not set",
                    "set AWS_SECRET_ACCESS_KEY too, or unset AWS_ACCESS_KEY_ID to use a profile");
        }
        return new Lookup.Found(session.isPresent()
                ? AwsSessionCredentials.create(id.get(), secret.get(), session.get())
                : AwsBasicCredentials.create(id.get(), secret.get()));
    }
}
