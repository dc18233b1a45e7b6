package io.pitcrew.notify;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A local stand-in for Slack, PagerDuty or GitHub on 127.0.0.1: it records every request and answers from a script
 * of replies in the service's own wire format (platform-apis.md), then with the service's success answer.
 */
public final class FakeService implements AutoCloseable {

    /** What the service answers: status, body, content type, headers such as Retry-After, and how late. */
    public record Reply(int status, String body, String contentType, Map<String, String> headers, long delayMillis) {
        static Reply text(int status, String body) { return new Reply(status, body, "text/html", Map.of(), 0); }

        static Reply json(int status, String body) { return new Reply(status, body, "application/json", Map.of(), 0); }

        Reply with(String header, String value) {
            Map<String, String> h = new TreeMap<>(headers);
            h.put(header, value);
            return new Reply(status, body, contentType, h, delayMillis);
        }

        /** The same answer, after the client has stopped waiting for it. */
        Reply after(long millis) {
            return new Reply(status, body, contentType, headers, millis);
        }
    }

    /** One request as the service saw it; header names lower-cased. */
    public record Received(String method, String path, Map<String, String> headers, String body) {}

    // Slack incoming webhooks: plain-text answers
    static final Reply SLACK_OK = Reply.text(200, "ok");
    public static final Reply SLACK_INVALID = Reply.text(400, "invalid_payload");
    static final Reply SLACK_NO_CHANNEL = Reply.text(404, "channel_not_found");
    static Reply slackRateLimited(int seconds) { return Reply.text(429, "rate_limited").with("Retry-After", "" + seconds); }

    // PagerDuty Events API v2
    static Reply pagerDutyAccepted(String dedupKey) {
        return Reply.json(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + dedupKey + "\"}");
    }
    static final Reply PD_INVALID = Reply.json(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"'payload.summary' is missing or blank\"]}");
    static final Reply PD_THROTTLED = Reply.json(429, "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving too quickly.  Please retry later.\"}");
    static final Reply PD_DOWN = Reply.json(500, "{\"status\":\"error\",\"message\":\"Internal Server Error\"}");

    // GitHub REST
    static Reply gitHubCreated(String base, int number) {
        return Reply.json(201, "{\"id\":1,\"number\":" + number + ",\"state\":\"open\",\"title\":\"x\",\"html_url\":\""
                + base + "/issues/" + number + "\",\"url\":\"https://api.github.com/repos/acme/platform/issues/" + number + "\"}");
    }
    static final Reply GH_GONE = Reply.json(410, "{\"message\":\"Issues are disabled for this repo\",\"documentation_url\":\"https://docs.github.com/v3/issues/\",\"status\":\"410\"}");
    static final Reply GH_INVALID = Reply.json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Issue\",\"code\":\"missing_field\",\"field\":\"title\"}],\"documentation_url\":\"https://docs.github.com/rest/issues/issues#create-an-issue\",\"status\":\"422\"}");

    private final Javalin app;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();
    private final Reply success;
    private final String url;

    private FakeService(String path, Function<FakeService, Reply> success) {
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post(path, this::answer);
        });
        app.start("127.0.0.1", 0);
        this.url = "http://127.0.0.1:" + app.port(); // kept: after close, the port is free and refuses
        this.success = success.apply(this);
    }

    /** A webhook at {@code /services/T000/B000/secret}. */
    public static FakeService slack() {
        return new FakeService("/services/{team}/{bot}/{secret}", f -> SLACK_OK);
    }

    public static FakeService pagerDuty() {
        return new FakeService("/v2/enqueue", f -> null);
    }

    public static FakeService gitHub() {
        return new FakeService("/repos/{owner}/{repo}/issues", f -> gitHubCreated("https://github.com/acme/platform", 42));
    }

    public String url() {
        return url;
    }

    /** Answers the next requests with these, in order; then with the service's success. */
    public synchronized FakeService then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    private void answer(Context ctx) {
        Map<String, String> headers = new TreeMap<>();
        ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        Reply reply;
        synchronized (this) {
            received.add(new Received(ctx.method().name(), ctx.path(), headers, ctx.body()));
            reply = script.poll();
        }
        if (reply == null) reply = success != null ? success : pagerDutyAccepted(dedupKeyOf(ctx.body()));
        if (reply.delayMillis() > 0) {
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reply.headers().forEach(ctx::header);
        ctx.status(reply.status()).contentType(reply.contentType()).result(reply.body());
    }

    /** PagerDuty echoes the event's dedup_key. */
    private static String dedupKeyOf(String body) {
        var m = Pattern.compile("\"dedup_key\":\"([^\"]*)\"").matcher(body);
        return m.find() ? m.group(1) : "generated-key";
    }

    @Override
    public void close() {
        app.stop();
    }
}
