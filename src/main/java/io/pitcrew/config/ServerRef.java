package io.pitcrew.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code server:} block: a running {@code pitcrew serve} that {@code pitcrew doctor} asks for its diagnosis before
 * it sweeps (the warm path), and where the token to ask with is kept.
 *
 * @param url        serve's base URL, e.g. {@code http://127.0.0.1:8461}
 * @param token      the file (relative to the config file) or environment variable holding a token of any role;
 *                   neither: {@code $PITCREW_TOKEN}, then serve's own {@code ~/.pitcrew/serve-token} for a URL on
 *                   this machine
 * @param staleAfter a report evaluated longer ago than this is not used: serve re-evaluates every few seconds, so
 *                   an older one means its evaluation has stopped
 */
public record ServerRef(URI url, SecretRef token, Duration staleAfter) {

    public static final Duration STALE_AFTER = Duration.ofMinutes(2);
    /** Below this, a serve that is working would be taken for stale (it re-evaluates at least every 5 s). */
    public static final Duration SHORTEST_STALE_AFTER = Duration.ofSeconds(10);

    /** A server named on the command line ({@code --server URL}): the token from flags or the environment. */
    public static ServerRef at(URI url) {
        return new ServerRef(url, new SecretRef(Optional.empty(), Optional.empty()), STALE_AFTER);
    }

    /**
     * serve's base URL from {@code text}: http or https, a host, perhaps a port and a path (serve behind a proxy at
     * {@code /pitcrew}); no user or password (the token is sent as a header, from a file), query or fragment.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static URI url(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            // the text is said back unless it may hold a password (user:password@host)
            throw new IllegalArgumentException((text.contains("@") ? "the URL" : "'" + text + "'") + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new IllegalArgumentException("'" + text + "' is not an http(s) URL");
        if (uri.getHost() == null) throw new IllegalArgumentException("'" + text + "' names no host");
        // a password in a URL ends up in shell history, ps and logs; the token is read from a file instead
        if (uri.getRawUserInfo() != null) throw new IllegalArgumentException("'" + redacted(uri) + "' has a user or password in it");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) throw new IllegalArgumentException("'" + text + "' has a query or fragment");
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /** Whether serve runs on this machine: then its own token ({@code ~/.pitcrew/serve-token}) is the one to send. */
    public boolean local() {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.equals("[::1]") || host.equals("::1") || host.startsWith("127.");
    }

    private static String redacted(URI uri) {
        return uri.getScheme() + "://(user)@" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
