package io.pitcrew.observe;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pitcrew.config.Region;
import io.pitcrew.redact.Credentials;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Says why a region could not be read, from whatever the client threw. */
public final class Unreachability {

    private Unreachability() {}

    public static RegionUnreachable of(Region region, String server, Throwable error, Duration took) {
        return new RegionUnreachable(region, reason(error), describe(error) + " (" + server + ")", took);
    }

    /** One of connection-refused, timeout, credentials-rejected, tls-error, api-error. */
    static String reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403)) return "credentials-rejected";
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || contains(t, "Connection refused")) return "connection-refused";
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || contains(t, "timed out") || contains(t, "timeout")) return "timeout";
            if (t instanceof SSLException || contains(t, "certificate")) return "tls-error";
        }
        return "api-error";
    }

    /**
     * A one-line human description, without stack noise, and without what an API server (or a proxy before it) may
     * have echoed of the request: a 401 page can quote the Authorization header.
     */
    public static String describe(Throwable error) {
        return Credentials.excerpt(explain(error), 300);
    }

    private static String explain(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String top = error.getMessage() == null ? error.getClass().getSimpleName() : firstLine(error.getMessage());
        if (error instanceof KubernetesClientException k && k.getCode() > 0) {
            return "HTTP " + k.getCode() + (k.getStatus() != null && k.getStatus().getMessage() != null ? ": " + k.getStatus().getMessage() : "");
        }
        // Fabric8 wraps I/O errors in "Operation: [list] for kind: [Node] ..."; the cause is what a human needs.
        return switch (reason(error)) {
            case "connection-refused" -> "Connection refused" + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
            case "timeout" -> "timed out" + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
            default -> root != error && root.getMessage() != null ? firstLine(root.getMessage())
                    : root != error ? root.getClass().getSimpleName() : top;
        };
    }

    private static boolean contains(Throwable t, String text) {
        return t.getMessage() != null && t.getMessage().toLowerCase().contains(text.toLowerCase());
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }
}
