package io.pitcrew.notify;

import tools.jackson.databind.json.JsonMapper;
import io.pitcrew.redact.Credentials;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Posts {@link SlackMessage}s to a Slack incoming webhook: the runbook's "update team in dedicated incident
 * channel". The webhook URL is itself the credential (anyone holding it can post), so it is sent only as the
 * request's address and shown only as {@code hooks.slack.com/services/…}.
 */
public final class SlackWebhook {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI url;
    private final Courier courier;

    SlackWebhook(URI url, Courier courier) {
        this.url = Objects.requireNonNull(url, "url");
        this.courier = courier;
    }

    /** Sends one notice; Slack answers 200 {@code ok}, or an error word such as {@code invalid_payload}. */
    public Delivery<String> send(Notice notice, AttemptListener listener) {
        String body = Credentials.hideSent(JSON.writeValueAsString(SlackMessage.of(notice)));
        return courier.deliver(url, Map.of(), body, SlackWebhook::read, listener);
    }

    private static Courier.Reading<String> read(int status, String body) {
        String word = body.strip();
        if (status == 200) return new Courier.Reading.Accepted<>(word.isEmpty() ? "ok" : word, "");
        String what = switch (word) {
            case "invalid_payload" -> "Slack could not read the message (invalid_payload)";
            case "channel_not_found", "no_team", "no_service", "no_service_id" ->
                    "the webhook's channel or app is gone (" + word + "); make a new webhook";
            case "channel_is_archived" -> "the incident channel is archived (channel_is_archived)";
            case "action_prohibited" -> "an admin has restricted posting to this channel (action_prohibited)";
            default -> "Slack refused the message" + (word.isEmpty() ? "" : " (" + (word.length() > 100 ? word.substring(0, 100) : word) + ")");
        };
        return new Courier.Reading.Refused<>("HTTP " + status + ": " + what);
    }

    /** {@code hooks.slack.com/services/…}: where it posts, without the part that is the secret. */
    static String shown(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        String[] parts = path.split("/");
        String first = parts.length > 1 ? "/" + parts[1] : "";
        return url.getAuthority() + first + "/…";
    }

    @Override
    public String toString() {
        return "SlackWebhook[" + shown(url) + "]";
    }
}
