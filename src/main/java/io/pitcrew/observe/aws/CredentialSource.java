package io.pitcrew.observe.aws;

/**
 * One place AWS credentials can come from, in the order the AWS SDKs look ({@link AwsCredentialChain#SOURCES}).
 * A closed set: the list of what was tried names each.
 */
sealed interface CredentialSource permits KeysInEnvironment, WebIdentity, NamedProfile, ContainerRole, InstanceRole {

    /** How "tried ..." names it: {@code environment}, {@code profile 'dev'}. */
    String name(AwsConfig config);

    /** Never throws: whatever goes wrong is a {@link Lookup.Failed} or {@link Lookup.Absent}. */
    Lookup lookup(AwsConfig config);
}
