package io.pitcrew.observe.health;

import io.pitcrew.redact.Credentials;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a Coder deployment's {@code /healthz} whether it is up, like the runbook's {@code curl -I}, and says how
 * long it took.
 *
 * <p>Trust is either the system's CAs or, when a CA file is given, <em>only</em> the certificates in it: a lab or
 * private deployment is checked against its own CA, never by switching verification off. Redirects are not
 * followed, so a health URL that points somewhere else shows up as what it is.
 */
public final class HealthProbe implements AutoCloseable {

    /** How much of an unhealthy answer's body a result keeps: enough for Coder's one-line JSON message. */
    public static final int EXCERPT_CHARS = 200;

    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param timeout for the whole exchange (connect, handshake, answer); a server that accepts and never
     *                answers costs this much and no more
     * @param caFile  PEM file of the CA certificate(s) to trust instead of the system's
     * @throws IllegalArgumentException when the CA file cannot be read or holds no certificate — a configuration
     *                                  mistake, reported before any probe instead of as a TLS error on each
     */
    public HealthProbe(Duration timeout, Optional<Path> caFile) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        caFile.ifPresent(file -> builder.sslContext(trusting(file)));
        this.http = builder.build();
    }

    /** GET {@code url}; never throws for anything the network or the server does. */
    public HealthResult probe(URI url) {
        String where = " (" + url.getAuthority() + ")";
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return new HealthResult.Unreachable("io", "not an http(s) URL: " + url);
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            // The request timeout covers only the wait for headers; this deadline also covers a body that stalls.
            HttpResponse<byte[]> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            int status = response.statusCode();
            return status / 100 == 2
                    ? new HealthResult.Healthy(status, latency)
                    : new HealthResult.Unhealthy(status, excerpt(response.body()), latency);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return timedOut(where);
        } catch (ExecutionException e) {
            return failure(e.getCause() == null ? e : e.getCause(), where);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new HealthResult.Unreachable("timeout", "interrupted while waiting" + where);
        } catch (RuntimeException e) {
            return new HealthResult.Unreachable("io", oneLine(e) + where);
        }
    }

    /** Stops the client's threads and aborts anything in flight. */
    @Override
    public void close() {
        http.shutdownNow();
    }

    /**
     * The JDK wraps causes differently per failure (an unresolvable name is a ConnectException caused by an
     * UnresolvedAddressException), so the whole chain is searched for each kind, most specific kind first.
     */
    public static HealthResult failure(Throwable error, String where) {
        if (inChain(error, HttpTimeoutException.class)) return timedOut(where); // includes connect timeouts
        Optional<Throwable> tls = find(error, SSLException.class);
        if (tls.isPresent()) return new HealthResult.TlsError(TlsFailure.describe(tls.get()) + where);
        if (inChain(error, UnknownHostException.class) || inChain(error, UnresolvedAddressException.class)) {
            return new HealthResult.Unreachable("dns", "host name does not resolve" + where);
        }
        if (inChain(error, ConnectException.class) || inChain(error, NoRouteToHostException.class)) {
            return new HealthResult.Unreachable("connection-refused", "connection refused" + where);
        }
        return new HealthResult.Unreachable("io", oneLine(error) + where);
    }

    private static boolean inChain(Throwable error, Class<? extends Throwable> kind) {
        return find(error, kind).isPresent();
    }

    private static Optional<Throwable> find(Throwable error, Class<? extends Throwable> kind) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) return Optional.of(t);
        }
        return Optional.empty();
    }

    private static HealthResult timedOut(String where) {
        return new HealthResult.Unreachable("timeout", "no answer within the timeout" + where);
    }

    private static String excerpt(byte[] body) {
        // scrubbed: a proxy's error page may quote the request; the health request carries no credential of
        // pitcrew's, but a load balancer in front of it may add one
        String text = Credentials.scrub(new String(body, StandardCharsets.UTF_8).strip());
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS);
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** An SSLContext whose only trust anchors are the certificates in {@code caFile}. */
    public static SSLContext trusting(Path caFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("cannot read CA certificates from " + caFile + ": " + oneLine(e), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate in CA file " + caFile);
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int i = 0;
            for (Certificate c : certificates) anchors.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from " + caFile + ": " + oneLine(e), e);
        }
    }
}
