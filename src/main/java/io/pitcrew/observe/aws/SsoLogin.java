package io.pitcrew.observe.aws;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A profile that signs in with IAM Identity Center ({@code aws configure sso}): the token {@code aws sso login} cached,
 * refreshed with SSO-OIDC when it is about to expire and the sso-session allows it, exchanged for the profile's role
 * credentials with the SSO portal's GetRoleCredentials. As the SDK's SSO provider does, but reading the cache where
 * {@link AwsEnvironment} says and with pitcrew's own clients, so an expired login can be said as such.
 */
final class SsoLogin {

    /** A token this close to expiry is refreshed first, if it can be (the SDK's prefetch time). */
    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    /** A token this close to expiry is not used: it may expire on the way (the SDK's stale time). */
    private static final Duration STALE = Duration.ofMinutes(1);

    private SsoLogin() {}

    /** Whether {@code profile} signs in with SSO, as the SDK decides it. */
    static boolean uses(Profile profile) {
        return profile.property("sso_session").isPresent() || profile.property("sso_start_url").isPresent()
                || profile.property("sso_account_id").isPresent() || profile.property("sso_role_name").isPresent();
    }

    static Lookup lookup(AwsConfig config, Profile profile) {
        String login = "run aws sso login --profile " + profile.name();
        Optional<String> account = profile.property("sso_account_id");
        Optional<String> role = profile.property("sso_role_name");
        if (account.isEmpty() || role.isEmpty()) {
            return new Lookup.Failed("profile '" + profile.name() + "' signs in with SSO but names no account or role",
                    "no sso_account_id or sso_role_name", "run aws configure sso --profile " + profile.name());
        }
        Optional<String> sessionName = profile.property("sso_session");
        Profile session = profile;
        if (sessionName.isPresent()) {
            Optional<Profile> section = config.profiles().getSection("sso-session", sessionName.get());
            if (section.isEmpty()) {
                return new Lookup.Failed("profile '" + profile.name() + "' names sso-session '" + sessionName.get() + "', which "
                        + config.env().configFile() + " does not have", "no [sso-session " + sessionName.get() + "]",
                        "run aws configure sso --profile " + profile.name());
            }
            session = section.get();
        }
        Optional<String> startUrl = session.property("sso_start_url");
        Optional<String> region = session.property("sso_region");
        if (startUrl.isEmpty() || region.isEmpty()) {
            return new Lookup.Failed("the SSO settings of profile '" + profile.name() + "' name no start URL or region",
                    "no sso_start_url or sso_region", "run aws configure sso --profile " + profile.name());
        }
        Path file = SsoToken.file(config.env().ssoCache(), sessionName.orElse(startUrl.get()));
        Optional<SsoToken> cached;
        try {
            cached = SsoToken.read(file);
        } catch (IOException e) {
            return new Lookup.Failed("the cached SSO token cannot be read", file + ": " + e.getMessage(), login);
        }
        if (cached.isEmpty()) return new Lookup.Failed("not signed in to AWS SSO", "no cached SSO token " + file, login);
        Instant now = Instant.now();
        SsoToken token = cached.get();
        if (sessionName.isPresent() && token.expiresAt().isBefore(now.plus(REFRESH_BEFORE)) && token.refreshable(now)) {
            token = refresh(config, Region.of(region.get()), token, now).orElse(token);
        }
        if (token.expiresAt().isBefore(now.plus(STALE))) {
            return new Lookup.Failed("SSO session expired", "SSO session " + sessionName.map(s -> "'" + s + "' ").orElse("")
                    + "expired " + token.expiresAt(), login);
        }
        String accessToken = token.accessToken();
        try (SsoClient sso = config.client(SsoClient.builder(), Region.of(region.get()))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            RoleCredentials c = sso.getRoleCredentials(b -> b.accountId(account.get()).roleName(role.get())
                    .accessToken(accessToken)).roleCredentials();
            if (c == null) {
                return new Lookup.Failed("the SSO portal answered without credentials", "GetRoleCredentials had no roleCredentials",
                        "check the profile's endpoint_url or AWS_ENDPOINT_URL_SSO: is it the SSO portal?");
            }
            AwsSessionCredentials.Builder credentials = AwsSessionCredentials.builder().accessKeyId(c.accessKeyId())
                    .secretAccessKey(c.secretAccessKey()).sessionToken(c.sessionToken());
            if (c.expiration() != null) credentials.expirationTime(Instant.ofEpochMilli(c.expiration()));
            return new Lookup.Found(credentials.build());
        } catch (UnauthorizedException e) {
            // the portal no longer takes the token: signed out elsewhere, or the session's time is up
            return new Lookup.Failed("SSO session expired", "the SSO portal refused the cached token: " + AwsError.describe(e), login);
        } catch (ResourceNotFoundException e) {
            return new Lookup.Failed("AWS SSO gives you no role " + role.get() + " in account " + account.get(), AwsError.describe(e),
                    "check sso_role_name and sso_account_id of profile '" + profile.name() + "' (aws sso list-account-roles)");
        } catch (SdkException e) {
            return new Lookup.Failed("the SSO portal gave no credentials", AwsError.describe(e),
                    "check that this machine reaches portal.sso." + region.get() + ".amazonaws.com");
        }
    }

    /**
     * A new access token from SSO-OIDC's CreateToken with the cached refresh token, written back to the cache as the CLI
     * does (a cache that cannot be written still leaves the new token for this look); empty when SSO-OIDC says no (the
     * session is over) or cannot be reached, and then the cached token stands.
     */
    private static Optional<SsoToken> refresh(AwsConfig config, Region region, SsoToken token, Instant now) {
        try (SsoOidcClient oidc = config.client(SsoOidcClient.builder(), region)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            CreateTokenResponse r = oidc.createToken(b -> b.grantType("refresh_token").clientId(token.clientId())
                    .clientSecret(token.clientSecret()).refreshToken(token.refreshToken()));
            if (r.accessToken() == null || r.expiresIn() == null) return Optional.empty();
            SsoToken fresh = token.refreshed(r.accessToken(), Duration.ofSeconds(r.expiresIn()), Optional.ofNullable(r.refreshToken()), now);
            try {
                fresh.write();
            } catch (IOException e) {
                // the new token still works for this look; the CLI refreshes again with the refresh token it has
            }
            return Optional.of(fresh);
        } catch (SdkException e) {
            return Optional.empty();
        }
    }
}
