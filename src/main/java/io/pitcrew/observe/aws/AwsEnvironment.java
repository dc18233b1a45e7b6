package io.pitcrew.observe.aws;

import io.pitcrew.config.UserHome;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where AWS credentials are looked for: the environment variables and Java system properties the AWS CLI and SDKs
 * read (a property first, then the variable, as the SDK does), and the home directory whose {@code .aws} holds the
 * config, credentials and SSO token cache. {@link #current()} is this process's; a test hands in its own maps.
 * {@link #toString()} names the home only: the variables hold whatever secrets the environment has.
 *
 * @param variables  environment variables
 * @param properties Java system properties
 */
public record AwsEnvironment(Map<String, String> variables, Map<String, String> properties) {

    public AwsEnvironment {
        variables = Map.copyOf(variables);
        properties = Map.copyOf(properties);
    }

    /** This process's environment variables and system properties. */
    public static AwsEnvironment current() {
        Map<String, String> props = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(n -> props.put(n, System.getProperty(n)));
        return new AwsEnvironment(System.getenv(), props);
    }

    /** A setting by its system property, else its environment variable; blank counts as unset. */
    public Optional<String> setting(String property, String variable) {
        return Optional.ofNullable(properties.get(property)).filter(v -> !v.isBlank())
                .or(() -> Optional.ofNullable(variables.get(variable)).filter(v -> !v.isBlank()));
    }

    /** {@code $HOME}, else the account's home, as the SDK and pitcrew's own files find it. */
    public Path home() {
        return UserHome.of(variables, properties.getOrDefault("user.home", "")).dir();
    }

    /** The profile to read: {@code AWS_PROFILE}, else {@code default}. */
    public String profile() {
        return setting("aws.profile", "AWS_PROFILE").orElse("default");
    }

    /** Whether the profile was chosen ({@code AWS_PROFILE}) rather than {@code default} by default. */
    boolean profileChosen() {
        return setting("aws.profile", "AWS_PROFILE").isPresent();
    }

    /** {@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}. */
    public Path configFile() {
        return setting("aws.configFile", "AWS_CONFIG_FILE").map(this::expand).orElse(home().resolve(".aws").resolve("config"));
    }

    /** {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}. */
    public Path credentialsFile() {
        return setting("aws.sharedCredentialsFile", "AWS_SHARED_CREDENTIALS_FILE").map(this::expand)
                .orElse(home().resolve(".aws").resolve("credentials"));
    }

    /** {@code ~/.aws/sso/cache}, where {@code aws sso login} leaves its token. */
    public Path ssoCache() {
        return home().resolve(".aws").resolve("sso").resolve("cache");
    }

    /** A path as the SDK reads one from a setting: a leading {@code ~} is the home directory. */
    Path expand(String path) {
        if (path.equals("~")) return home();
        if (path.startsWith("~/") || path.startsWith("~" + File.separator)) return home().resolve(path.substring(2));
        return Path.of(path);
    }

    @Override
    public String toString() {
        return "AwsEnvironment[home=" + home() + ", profile=" + profile() + "]";
    }
}
