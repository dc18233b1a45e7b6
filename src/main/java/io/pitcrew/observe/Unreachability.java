package io.pitcrew.observe;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pitcrew.config.Region;
import io.pitcrew.redact.Credentials;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

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
            // an answer with a status is an answer, whatever its message says ("etcdserver: request timed out" is a 500)
            if (t instanceof KubernetesClientException k && k.getCode() >= 400) return "api-error";
            if (t instanceof JacksonException) return "api-error";
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
        if (error instanceof KubernetesClientException k && k.getCode() > 0 && k.getCode() != 429) {
            return "HTTP " + k.getCode() + (k.getStatus() != null && k.getStatus().getMessage() != null ? ": " + k.getStatus().getMessage() : "");
        }
        if (k429(error)) return "HTTP 429: rate-limited by the API server" + retryAfter(error);
        // Jackson's own words name its classes and offsets: what a human needs is that the answer was not usable
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException) return "the answer is not valid JSON (cut short or not JSON at all)";
            // the rest of Fabric8's Jackson errors are databind's: JSON that does not map onto the kind
            if (t instanceof JacksonException) return "the answer is JSON of another shape than the kind asked for";
        }
        // Fabric8 wraps I/O errors in "Operation: [list] for kind: [Node] ..."; the cause is what a human needs.
        return switch (reason(error)) {
            case "connection-refused" -> "Connection refused" + (root.getMessage() == null || root.getMessage().equalsIgnoreCase("Connection refused")
                    ? "" : ": " + firstLine(root.getMessage()));
            case "timeout" -> "timed out" + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
            default -> root != error && root.getMessage() != null ? firstLine(root.getMessage())
                    : root != error ? root.getClass().getSimpleName() : top;
        };
    }

    private static boolean k429(Throwable error) {
        return error instanceof KubernetesClientException k && k.getCode() == 429;
    }

    /** ", retry after 1 s" when the server said when (Retry-After, or the Status's retryAfterSeconds). */
    private static String retryAfter(Throwable error) {
        var status = ((KubernetesClientException) error).getStatus();
        Integer seconds = status == null || status.getDetails() == null ? null : status.getDetails().getRetryAfterSeconds();
        return seconds == null || seconds <= 0 ? "" : ", retry after " + seconds + " s";
    }

    private static boolean contains(Throwable t, String text) {
        return t.getMessage() != null && t.getMessage().toLowerCase().contains(text.toLowerCase());
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }
}
