package io.pitcrew.doctor;

import io.pitcrew.redact.Credentials;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * doctor's warm path: the diagnosis a running {@code pitcrew serve} keeps, asked for over its API
 * ({@code GET /api/report}) instead of reading every region again. Only the JDK's HTTP client and Jackson: nothing
 * that talks to Kubernetes is loaded, so the answer is back in about the time a JVM takes to start.
 *
 * <p>The client is {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: in a fresh JVM the latter's start
 * (its selector thread, executors and a TLS context, made even for http) took 0.4 s on the measuring machine against
 * 0.05 s for the same GET, most of a warm path that aims at 0.3 s. The bounds are the same: a connect timeout, and one
 * deadline for the whole answer.
 *
 * <p>Every way serve cannot give a report that may be used is one {@link Unserved} reason, for one line; the caller
 * sweeps directly then (or stops, with {@code --server-only}).
 */
public final class WarmPath {

    /** serve is on the same machine or network: a connection takes milliseconds, or nothing is listening. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    /** serve answers from memory; a report it has not written within this is no faster than a sweep. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** Far above any report's size (evidence of every object of three regions); beyond it, it is not a report. */
    static final int MAX_BODY = 64 * 1024 * 1024;

    /** What serve gave. */
    public sealed interface Answer permits Served, Unserved {}

    /** Its report, with where it came from and how old its evaluation was when it answered. */
    public record Served(DoctorReport report, Duration age) implements Answer {}

    /**
     * Why there is no report to use, said after "pitcrew serve at URL": "did not answer (connection refused)"; and what
     * would make it answer, for {@code --server-only}, which stops there.
     */
    public record Unserved(String why, String fix) implements Answer {}

    private static final String NOT_LISTENING = "check that pitcrew serve runs there (its /healthz answers without a token)";

    private final Duration connectTimeout;
    private final Duration answerTimeout;
    private final Clock clock;

    public WarmPath() {
        this(CONNECT_TIMEOUT, ANSWER_TIMEOUT, Clock.systemUTC());
    }

    WarmPath(Duration connectTimeout, Duration answerTimeout, Clock clock) {
        this.connectTimeout = connectTimeout;
        this.answerTimeout = answerTimeout;
        this.clock = clock;
    }

    /**
     * Asks serve at {@code base} (its URL, as {@code --server} gives it) with {@code token}, which is registered as
     * sent before it leaves. A report older than {@code staleAfter} is not used: serve re-evaluates every few seconds,
     * so an old one means its evaluation has stopped.
     */
    public Answer ask(URI base, String token, Duration staleAfter) {
        Credentials.sent(token);
        HttpURLConnection connection;
        try {
            // after its path: a serve behind a proxy at /pitcrew answers at /pitcrew/api/report; straight to it, as
            // the URL says, through no proxy
            connection = (HttpURLConnection) URI.create(base + "/api/report").toURL().openConnection(Proxy.NO_PROXY);
        } catch (IOException | IllegalArgumentException e) {
            return failure(e);
        }
        connection.setConnectTimeout((int) connectTimeout.toMillis());
        connection.setReadTimeout((int) answerTimeout.toMillis());
        // a redirect would carry the token elsewhere: serve never sends one
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setRequestProperty("Accept", "application/json");
        // the whole exchange within the answer timeout, body included: a server that sends headers and then a byte
        // now and then holds no doctor up. Given up on, the connection is closed under the exchange.
        FutureTask<Reply> exchange = new FutureTask<>(() -> read(connection));
        Thread.ofVirtual().name("warm-path").start(exchange);
        try {
            return judge(exchange.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS), base, staleAfter);
        } catch (TimeoutException e) {
            return silent();
        } catch (ExecutionException e) {
            return failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unserved("was not asked (interrupted)", "run doctor again");
        } finally {
            connection.disconnect();
        }
    }

    private record Reply(int status, String contentType, String body) {}

    private static Reply read(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        try (InputStream in = stream == null ? InputStream.nullInputStream() : stream) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            String type = connection.getContentType();
            return new Reply(status, type == null ? "" : type, bytes.length > MAX_BODY ? null : new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private Answer judge(Reply reply, URI base, Duration staleAfter) {
        int status = reply.status();
        if (status == 401 || status == 403) {
            return new Unserved("refused the token (HTTP " + status + errorOf(reply) + ")",
                    "give a token of this serve (--token-file FILE; pitcrew serve token --role viewer makes one)");
        }
        if (status == 404) {
            return new Unserved("has no /api/report (HTTP 404: a pitcrew serve older than this doctor?)",
                    "check that the URL is pitcrew serve's base URL, and that serve is as new as this doctor");
        }
        if (status == 503) return new Unserved("is not ready (HTTP 503" + errorOf(reply) + ")", "wait for its first evaluation: its /readyz says when");
        if (status != 200) return new Unserved("answered HTTP " + status + errorOf(reply), "see pitcrew serve's log");
        if (reply.body() == null) return notAReport("over " + MAX_BODY / (1024 * 1024) + " MB");
        if (!reply.contentType().startsWith("application/json")) {
            return notAReport(reply.contentType().isEmpty() ? "no content type" : reply.contentType());
        }
        DoctorReport report;
        try {
            report = ReportJson.read(reply.body());
        } catch (ReportJson.NotAReport e) {
            return notAReport(Credentials.scrub(e.getMessage()));
        }
        // serve's own measure, free of clock skew between the machines; the report's time otherwise
        Duration age = report.source().age().orElseGet(() -> Duration.between(report.observedAt(), clock.instant()));
        if (age.compareTo(staleAfter) > 0) {
            return new Unserved("has a stale diagnosis: evaluated " + ago(age) + " ago, more than " + ago(staleAfter)
                    + " (is its evaluation stuck? see its /metrics)", "see pitcrew serve's log, and restart it");
        }
        return new Served(report.from(new ReportSource("serve", base.toString(), age.toMillis())), age);
    }

    private static Unserved notAReport(String what) {
        return new Unserved("answered something that is not a report (" + what + ")", "check that the URL is pitcrew serve's base URL");
    }

    /** ": what serve said", from its JSON error, scrubbed; nothing when it said nothing readable. */
    private static String errorOf(Reply reply) {
        String said = reply.body() == null ? "" : ReportJson.apiError(reply.body()).orElse("");
        return said.isBlank() ? "" : ": " + Credentials.excerpt(said, 160);
    }

    private Unserved failure(Throwable e) {
        if (e instanceof SocketTimeoutException t && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
            return new Unserved("did not answer (no connection within " + seconds(connectTimeout) + ")", NOT_LISTENING);
        }
        if (e instanceof SocketTimeoutException) return silent();
        if (e instanceof UnknownHostException) return new Unserved("did not answer (its host name does not resolve)", "check the URL's host");
        if (e instanceof ConnectException) return new Unserved("did not answer (connection refused)", NOT_LISTENING);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Unserved("did not answer (" + Credentials.excerpt(message, 160) + ")", NOT_LISTENING);
    }

    /** Connected, asked, and no whole answer within the answer timeout. */
    private Unserved silent() {
        return new Unserved("did not answer within " + seconds(answerTimeout), NOT_LISTENING + "; a serve that is up answers from memory");
    }

    /** "0.4s", "12s", "3m05s". */
    public static String ago(Duration d) {
        if (d.toMillis() < 1000) return String.format("%.1fs", d.toMillis() / 1000.0);
        if (d.toSeconds() < 60) return d.toSeconds() + "s";
        if (d.toMinutes() >= 60) return d.toHours() + "h" + String.format("%02dm", d.toMinutesPart());
        return d.toMinutes() + "m" + (d.toSecondsPart() == 0 ? "" : String.format("%02ds", d.toSecondsPart()));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
