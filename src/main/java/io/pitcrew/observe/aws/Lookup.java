package io.pitcrew.observe.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** What one place AWS credentials can come from gave. A closed set: the chain handles each. */
public sealed interface Lookup {

    /** Credentials, their secrets already registered with {@code redact.Credentials}. */
    record Found(AwsCredentials credentials) implements Lookup {
        @Override
        public String toString() {
            return "Found[" + credentials.accessKeyId() + "]";
        }
    }

    /** Nothing configured here: {@code why} says what was looked at ("AWS_WEB_IDENTITY_TOKEN_FILE not set"). */
    record Absent(String why) implements Lookup {}

    /**
     * Configured here, and it did not work.
     *
     * @param problem what went wrong, in a few words ("SSO session expired")
     * @param detail  what was seen, for the list of what was tried ("SSO session 'corp' expired 2026-12-04T10:00:00Z")
     * @param fix     what to do ("run aws sso login --profile dev")
     */
    record Failed(String problem, String detail, String fix) implements Lookup {}
}
