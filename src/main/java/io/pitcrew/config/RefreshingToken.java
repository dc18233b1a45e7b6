package io.pitcrew.config;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.pitcrew.redact.Credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A bearer token that has to be fetched again while pitcrew runs (serve runs for days; EKS's exec tokens last 15
 * minutes): an exec plugin's, or a {@code tokenFile}'s, which kubectl reads again as it changes and Fabric8 does not
 * read at all. Fabric8 refreshes an exec token by reading the context's kubeconfig file again, which a kubeconfig
 * merged from several files does not have; a token provider is its public way of taking tokens from elsewhere, and
 * Fabric8 asks it before every request and again after a 401.
 *
 * <p>The token is fetched at most once per {@link #EVERY} (Fabric8's own refresh interval for exec tokens); a fetch
 * that fails or yields nothing keeps the last token, which may still be valid, and the API server says if it is not.
 * Every token is registered with {@link Credentials}, since it is sent.
 */
final class RefreshingToken implements OAuthTokenProvider {

    static final Duration EVERY = Duration.ofMinutes(1);

    private final Supplier<String> fetch;
    private final Clock clock;
    private String token;
    private Instant fetchedAt;

    /** @param first the token already fetched when the client was configured, or null to fetch on first use */
    RefreshingToken(String first, Supplier<String> fetch, Clock clock) {
        this.fetch = fetch;
        this.clock = clock;
        if (first != null && !first.isBlank()) {
            this.token = Credentials.sent(first.strip());
            this.fetchedAt = clock.instant();
        }
    }

    @Override
    public synchronized String getToken() {
        Instant now = clock.instant();
        if (fetchedAt == null || !now.isBefore(fetchedAt.plus(EVERY))) {
            fetchedAt = now;
            String fresh;
            try {
                fresh = fetch.get();
            } catch (RuntimeException e) {
                fresh = null; // the plugin or the file failed this time: keep the last token
            }
            if (fresh != null && !fresh.isBlank()) token = Credentials.sent(fresh.strip());
        }
        return token;
    }
}
