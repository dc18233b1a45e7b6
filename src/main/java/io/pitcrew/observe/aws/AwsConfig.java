package io.pitcrew.observe.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one look for AWS credentials reads: the environment, the profile files as they are now, the region the
 * credentials are for, and how long any AWS endpoint may take to answer.
 *
 * @param profiles   the config and credentials files, merged as the SDK merges them (empty when neither exists)
 * @param unreadable why the profile files could not be read, when they could not
 */
public record AwsConfig(AwsEnvironment env, ProfileFile profiles, Optional<String> unreadable, Region region, Duration timeout) {

    /** Reads the profile files named by {@code env}; a file that does not parse is remembered, not thrown. */
    public static AwsConfig load(AwsEnvironment env, Region region, Duration timeout) {
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        List<String> problems = new ArrayList<>();
        add(files, env.configFile(), ProfileFile.Type.CONFIGURATION, problems);
        add(files, env.credentialsFile(), ProfileFile.Type.CREDENTIALS, problems);
        return new AwsConfig(env, files.build(), problems.stream().reduce((a, b) -> a + "; " + b), region, timeout);
    }

    private static void add(ProfileFile.Aggregator files, Path path, ProfileFile.Type type, List<String> problems) {
        if (!Files.isRegularFile(path)) return;
        try {
            files.addFile(ProfileFile.builder().content(path).type(type).build());
        } catch (RuntimeException e) {
            // the SDK's parser names the line; it never quotes a value
            problems.add(path + " cannot be read: " + e.getMessage());
        }
    }

    /** The profile to read ({@code AWS_PROFILE} or {@code default}). */
    public String profileName() {
        return env.profile();
    }

    public Optional<Profile> profile() {
        return profiles.profile(profileName());
    }

    /**
     * An AWS client as pitcrew builds every one: the one HTTP client it ships (URLConnection, so no other is looked
     * up), {@code timeout} to connect, to read and for the whole call, and the same profile files for the endpoint settings
     * ({@code endpoint_url}, {@code services}), so a client reads the configuration the credentials came from.
     */
    public <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B client(B builder, Region region) {
        return builder.region(region)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                // the whole call, its retries included, within the timeout: a source that never answers costs the
                // timeout, not the SDK's four attempts of it
                .overrideConfiguration(o -> o.defaultProfileFile(profiles).defaultProfileName(profileName()).apiCallTimeout(timeout)
                        .retryStrategy(r -> r.throttlingBackoffStrategy(THROTTLING_BACKOFF))
                        .addExecutionInterceptor(new ThrottledUntilTimeout()));
    }

    /**
     * A throttled call is asked again as soon as a failed one: the SDK's own wait between throttled tries (half a
     * second and more, doubling) outlasts a timeout of a few seconds, and the call then ended in "no answer within
     * the timeout" instead of the throttling AWS answered. pitcrew asks once a sweep; the next sweep is its later try.
     * (A Retry-After in the answer is still waited for; {@link ThrottledUntilTimeout} says the throttle when that wait
     * outlasts the timeout.)
     */
    private static final BackoffStrategy THROTTLING_BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(1));
}
