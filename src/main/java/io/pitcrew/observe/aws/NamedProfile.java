package io.pitcrew.observe.aws;

import io.pitcrew.redact.Credentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;

import java.util.Optional;
import java.util.Set;

/**
 * The profile {@code AWS_PROFILE} names (else {@code default}) in {@code ~/.aws/config} and {@code ~/.aws/credentials}:
 * an SSO sign-in ({@link SsoLogin}), or whatever else the SDK's profile provider reads (keys, {@code credential_process},
 * a role assumed from another profile or from a web identity token file).
 */
final class NamedProfile implements CredentialSource {

    /** The properties from which the SDK's profile provider makes credentials; a profile with none has none. */
    private static final Set<String> CREDENTIAL_PROPERTIES = Set.of("aws_access_key_id", "aws_session_token", "role_arn",
            "credential_process", "web_identity_token_file", "credential_source", "source_profile");

    @Override
    public String name(AwsConfig config) {
        return "profile '" + config.profileName() + "'";
    }

    @Override
    public Lookup lookup(AwsConfig config) {
        if (config.unreadable().isPresent()) {
            return new Lookup.Failed("the AWS config cannot be read", config.unreadable().get(),
                    "fix the file (aws configure list shows what the CLI makes of it)");
        }
        String where = config.env().configFile() + " or " + config.env().credentialsFile();
        Optional<Profile> profile = config.profile();
        if (profile.isEmpty()) {
            if (!config.env().profileChosen()) return new Lookup.Absent("not in " + where);
            return new Lookup.Failed("AWS_PROFILE names profile '" + config.profileName() + "', which is not in " + where,
                    "not in " + where, "set AWS_PROFILE to a profile of " + where
                            + ", or run aws configure sso --profile " + config.profileName());
        }
        if (SsoLogin.uses(profile.get())) return SsoLogin.lookup(config, profile.get());
        if (profile.get().properties().keySet().stream().noneMatch(CREDENTIAL_PROPERTIES::contains)) {
            return new Lookup.Absent("no credentials in it");
        }
        try (ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder().profileFile(config.profiles())
                .profileName(config.profileName()).build()) {
            return new Lookup.Found(provider.resolveCredentials());
        } catch (SdkException | IllegalStateException | IllegalArgumentException e) {
            // the SDK says which property is missing or what the credential process or STS said
            return new Lookup.Failed("profile '" + config.profileName() + "' gave no credentials",
                    e instanceof SdkException s ? AwsError.describe(s) : Credentials.excerpt(e.getMessage(), 300),
                    "check profile '" + config.profileName() + "' in " + where);
        }
    }
}
