package io.pitcrew.notify;

import io.pitcrew.config.Contacts;
import io.pitcrew.config.Notifications;
import io.pitcrew.config.SecretRef;
import io.pitcrew.runbook.Severity;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An incident, the three fake services, a notifier pointed at them and secrets to look for where they must not be. */
final class NotifyFixture implements AutoCloseable {

    static final String WEBHOOK_SECRET = "xoxWebhookSecret0123456789abcdef";
    static final String ROUTING_KEY = "R0UTINGKEY0123456789abcdefabcdef";
    static final String TOKEN = "ghp_T0kenValue0123456789abcdefABCDEF";
    static final Instant AT = Instant.parse("2026-11-25T14:00:00Z");

    final FakeService slack = FakeService.slack();
    final FakeService pagerDuty = FakeService.pagerDuty();
    final FakeService gitHub = FakeService.gitHub();
    final FakeTime time = new FakeTime();
    final List<Attempt> attempts = new ArrayList<>();
    final AttemptListener listener = attempts::add;

    String webhookUrl() {
        return slack.url() + "/services/T0001/B0001/" + WEBHOOK_SECRET;
    }

    Notifications config() {
        return new Notifications(
                Optional.of(new Notifications.Slack(SecretRef.env("SLACK_WEBHOOK"), Optional.of("#workshop-incidents"))),
                Optional.of(new Notifications.PagerDuty(SecretRef.env("PD_KEY"), pagerDuty.url())),
                Optional.of(new Notifications.GitHub("acme", "platform", SecretRef.env("GH_TOKEN"), gitHub.url(),
                        List.of("incident", "follow-up"))));
    }

    Notifier notifier() {
        return notifier(RetryPolicy.standard());
    }

    Notifier notifier(RetryPolicy policy) {
        Map<String, String> env = Map.of("SLACK_WEBHOOK", webhookUrl(), "PD_KEY", ROUTING_KEY, "GH_TOKEN", TOKEN);
        return Notifier.from(config(), env::get, policy, time, time, () -> 0.5);
    }

    static IncidentBrief incident(Severity severity) {
        return new IncidentBrief("INC-7", "Workspaces restarting in us-west-2", severity, IncidentStatus.INVESTIGATING,
                List.of("us-west-2"), "3 workspace pods evicted for ephemeral storage; users lose progress",
                Optional.of("Dana Ops"),
                List.of(new IncidentBrief.Link("runbook", URI.create("https://example.com/runbook#workspace-restarts"))));
    }

    static final Contacts CONTACTS = new Contacts(List.of(
            new Contacts.Contact("Infrastructure Lead", "Sam", "@sam"),
            new Contacts.Contact("On-Call Engineer", "Riley", "+1 555 0100"),
            new Contacts.Contact("Escalation Contact", "jullian@coder.com", "")),
            List.of("On-Call Engineer", "Infrastructure Lead", "Escalation Contact"));

    static RetryPolicy quick(int attempts, Duration bound) {
        return new RetryPolicy(attempts, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.5, Duration.ofSeconds(5), bound);
    }

    @Override
    public void close() {
        slack.close();
        pagerDuty.close();
        gitHub.close();
    }
}
