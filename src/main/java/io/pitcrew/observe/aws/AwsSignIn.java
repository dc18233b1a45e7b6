package io.pitcrew.observe.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** What came of looking for AWS credentials where the AWS CLI looks ({@link AwsCredentialChain}). */
public sealed interface AwsSignIn {

    /**
     * Credentials, their secrets registered with {@code redact.Credentials}.
     *
     * @param source where they came from, as "tried ..." names it ("web identity", "profile 'dev'")
     */
    record SignedIn(AwsCredentials credentials, String source) implements AwsSignIn {
        @Override
        public String toString() {
            return "SignedIn[" + credentials.accessKeyId() + " from " + source + "]";
        }
    }

    /**
     * No place gave credentials: one line saying what was tried and what to do, free of credentials
     * ("no AWS credentials: tried environment (AWS_ACCESS_KEY_ID not set), ...; fix: ...").
     */
    record NotSignedIn(String reason) implements AwsSignIn {}
}
