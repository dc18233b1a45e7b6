package io.pitcrew.observe.registry;

import io.pitcrew.redact.Credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A username and password (or token, e.g. ECR's {@code AWS:<token>}) for a registry's basic auth or token realm.
 * {@link #toString()} names the user only: records print every component by default, and these end up in logs.
 */
public record RegistryCredentials(String username, String password) {

    public RegistryCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Credentials.sentBasic(username, password);
    }

    /** The value of an {@code Authorization: Basic} header. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=***]";
    }
}
