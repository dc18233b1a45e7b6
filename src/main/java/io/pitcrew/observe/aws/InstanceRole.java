package io.pitcrew.observe.aws;

import io.pitcrew.redact.Credentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An EC2 instance's role, from the instance metadata service (IMDSv2, then v1 as the SDK falls back), through the SDK's
 * provider with the same profile files. Last in the chain, and where nothing answers (a laptop) the SDK waits its
 * timeout twice (the v2 token, then v1: 2.2 s measured against an address that never answers), so pitcrew waits at
 * most {@link #WAIT} and lets the SDK's own timeouts end the request behind it. IMDS on an instance answers in
 * milliseconds.
 */
final class InstanceRole implements CredentialSource {

    static final Duration WAIT = Duration.ofSeconds(1);

    @Override
    public String name(AwsConfig config) {
        return "instance metadata";
    }

    @Override
    public Lookup lookup(AwsConfig config) {
        if (config.env().setting("aws.disableEc2Metadata", "AWS_EC2_METADATA_DISABLED").filter("true"::equalsIgnoreCase).isPresent()) {
            return new Lookup.Absent("AWS_EC2_METADATA_DISABLED is true");
        }
        InstanceProfileCredentialsProvider provider = InstanceProfileCredentialsProvider.builder()
                .profileFile(config.profiles()).profileName(config.profileName()).build();
        CompletableFuture<AwsCredentials> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("pitcrew-imds").start(() -> {
            try {
                answer.complete(provider.resolveCredentials());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            } finally {
                provider.close();
            }
        });
        try {
            return new Lookup.Found(answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new Lookup.Absent("no answer within " + seconds(WAIT));
        } catch (ExecutionException e) {
            return new Lookup.Absent("no credentials: " + rootCause(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup.Absent("not asked: interrupted");
        }
    }

    /** The SDK wraps what happened ("Connection refused", "Forbidden") in "Failed to load credentials from IMDS.". */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return Credentials.excerpt(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage(), 200);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
