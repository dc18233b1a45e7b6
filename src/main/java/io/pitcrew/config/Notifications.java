package io.pitcrew.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code notifications:} block: where an incident is announced. Every channel is optional; a channel left out
 * is simply not used. Secrets (the webhook URL, the routing key, the token) are {@link SecretRef}s, read when a
 * notification is sent.
 */
public record Notifications(Optional<Slack> slack, Optional<PagerDuty> pagerDuty, Optional<GitHub> gitHub) {

    public static Notifications none() {
        return new Notifications(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The runbook's "Internal: update team in dedicated incident channel"; the channel name is shown, never used. */
    public record Slack(SecretRef webhookUrl, Optional<String> channelName) {}

    /** The runbook's "Escalation: contact on-call engineer for P0/P1", through PagerDuty Events API v2. */
    public record PagerDuty(SecretRef routingKey, String url) {
        public static final String DEFAULT_URL = "https://events.pagerduty.com";
    }

    /** The runbook's "Create GitHub issue for permanent fix". */
    public record GitHub(String owner, String repo, SecretRef token, String url, List<String> labels) {
        public static final String DEFAULT_URL = "https://api.github.com";
    }
}
