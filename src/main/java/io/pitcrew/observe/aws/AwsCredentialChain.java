package io.pitcrew.observe.aws;

import io.pitcrew.redact.Credentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AWS credentials from where the AWS CLI and the SDK's default chain look, in their order: keys in the environment,
 * a web identity token (IRSA), the profile (keys, SSO, {@code credential_process}, an assumed role), a container's
 * credentials endpoint, the instance's role. Assembled here rather than taken from {@code DefaultCredentialsProvider}
 * so that every AWS client is pitcrew's own (one HTTP client, its timeout), the SSO cache and profile files are read
 * where {@link AwsEnvironment} says, instance metadata is waited for at most {@link InstanceRole#WAIT}, and when none
 * gives credentials the answer says what each place said instead of the SDK's exception.
 */
public final class AwsCredentialChain {

    private static final List<CredentialSource> SOURCES = List.of(new KeysInEnvironment(), new WebIdentity(), new NamedProfile(),
            new ContainerRole(), new InstanceRole());

    private AwsCredentialChain() {}

    /** The first credentials any place gives, else what each said. Never throws. */
    public static AwsSignIn signIn(AwsConfig config) {
        List<String> tried = new ArrayList<>();
        Optional<Lookup.Failed> failed = Optional.empty();
        for (CredentialSource source : SOURCES) {
            switch (source.lookup(config)) {
                case Lookup.Found f -> {
                    return new AwsSignIn.SignedIn(registered(f.credentials()), source.name(config));
                }
                case Lookup.Absent a -> tried.add(source.name(config) + " (" + a.why() + ")");
                case Lookup.Failed f -> {
                    tried.add(source.name(config) + " (" + f.detail() + ")");
                    if (failed.isEmpty()) failed = Optional.of(f);
                }
            }
        }
        // A place that was set up and failed is what to fix (an expired SSO login, a role STS refused); when nothing
        // was set up, say where credentials could come from.
        String reason = failed.map(f -> "no AWS credentials: " + f.problem() + ": " + f.fix() + " (tried " + String.join(", ", tried) + ")")
                .orElseGet(() -> "no AWS credentials: tried " + String.join(", ", tried) + "; fix: " + howToSignIn(config));
        return new AwsSignIn.NotSignedIn(Credentials.scrub(reason));
    }

    private static String howToSignIn(AwsConfig config) {
        String profile = config.env().profileChosen() ? config.profileName() : "NAME";
        return "aws sso login --profile " + profile + (config.env().profileChosen() ? "" : " and set AWS_PROFILE=NAME")
                + ", or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run pitcrew with an IAM role (IRSA on EKS,"
                + " an EC2 instance profile)";
    }

    private static AwsCredentials registered(AwsCredentials credentials) {
        Credentials.sent(credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials s) Credentials.sent(s.sessionToken());
        return credentials;
    }
}
