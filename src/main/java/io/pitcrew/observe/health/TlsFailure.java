package io.pitcrew.observe.health;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * A failed TLS handshake in the words a responder needs: the certificate expired, is for another host, or is not
 * signed by a CA pitcrew trusts — not the JDK's "PKIX path validation failed: ... validity check failed". Every
 * HTTPS source (health endpoints, LiteLLM, coderd, registries) says it the same way; the connection is never trusted.
 */
public final class TlsFailure {

    private TlsFailure() {
    }

    /** One line for {@code error}, an exception whose chain holds the handshake's failure. */
    public static String describe(Throwable error) {
        String all = "";
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException e) return "certificate expired: the server's certificate is out of date (" + firstLine(e) + ")";
            if (t instanceof CertificateNotYetValidException e) return "certificate not yet valid: the server's certificate starts later (" + firstLine(e) + ")";
            all += " " + firstLine(t);
        }
        String lower = all.toLowerCase(Locale.ROOT);
        if (lower.contains("validity check failed") || lower.contains("notafter")) {
            return "certificate expired: the server's certificate is out of date";
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "wrong host: the server's certificate is for another host name";
        }
        if (lower.contains("unable to find valid certification path") || lower.contains("path building failed")) {
            return "certificate not trusted: not signed by a CA pitcrew trusts (the system's, or the probe's caFile where it has one)";
        }
        return firstLine(error);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
