package io.pitcrew.notify;

import io.pitcrew.config.Notifications;
import io.pitcrew.config.SecretRef;
import io.pitcrew.redact.Credentials;
import io.pitcrew.runbook.Severity;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The configured channels, ready to send: what the incident commands call. A channel whose secret cannot be read
 * is left out and said in {@link #unavailable()}, so a missing token never stops an incident command.
 *
 * <p>Which notice goes where: every notice to Slack; to PagerDuty, for incident notices only, an escalation triggers and an acknowledgement
 * acknowledges when the {@link PagingPolicy} pages the incident's severity, and a resolution always resolves (an
 * alert raised at P1 still closes after a downgrade; resolving a key PagerDuty never saw does nothing).
 */
public final class Notifier {

    private final Optional<SlackWebhook> slack;
    private final Optional<PagerDutyEvents> pagerDuty;
    private final Optional<GitHubIssues> gitHub;
    private final PagingPolicy paging;
    private final List<String> channels;
    private final List<String> unavailable;
    /** Whether what happened at an instant is held (a drill ran then): nothing of it is sent, a rehearsal pages nobody. */
    private final Predicate<Instant> heldAt;

    private Notifier(Optional<SlackWebhook> slack, Optional<PagerDutyEvents> pagerDuty, Optional<GitHubIssues> gitHub,
                     PagingPolicy paging, List<String> channels, List<String> unavailable, Predicate<Instant> heldAt) {
        this.slack = slack;
        this.pagerDuty = pagerDuty;
        this.gitHub = gitHub;
        this.paging = paging;
        this.channels = List.copyOf(channels);
        this.unavailable = List.copyOf(unavailable);
        this.heldAt = heldAt;
    }

    /**
     * The same channels, silent for notices of what happened while {@code drillAt} says a drill ran, asked with each
     * notice's own time: a finding that became new during a drill stays the rehearsal's however late its notice is
     * sent, and one that came before the drill is not swallowed by it.
     */
    public Notifier heldDuring(Predicate<Instant> drillAt) {
        return new Notifier(slack, pagerDuty, gitHub, paging, channels, unavailable, drillAt);
    }

    /** Whether notices are held now. */
    public boolean held() {
        return heldAt.test(Instant.now());
    }

    /** From pitcrew.yaml's {@code notifications:}, reading secrets from the process environment and files. */
    public static Notifier from(Notifications config) {
        return from(config, System::getenv, RetryPolicy.standard(), Clock.systemUTC(), Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public static Notifier from(Notifications config, Function<String, String> env, RetryPolicy policy, Clock clock,
                                Sleeper sleeper, DoubleSupplier random) {
        List<String> channels = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        // read every secret first: each channel scrubs all of them, so none can leak through another
        Optional<String> webhook = config.slack().flatMap(s -> read("slack webhookUrl", s.webhookUrl(), env, unavailable));
        Optional<String> routingKey = config.pagerDuty().flatMap(p -> read("pagerduty routingKey", p.routingKey(), env, unavailable));
        Optional<String> token = config.gitHub().flatMap(g -> read("github token", g.token(), env, unavailable));
        Stream.of(webhook, routingKey, token).flatMap(Optional::stream).forEach(Credentials::sent);
        webhook.map(Notifier::uri).map(URI::getRawPath).ifPresent(path -> {
            // the webhook's path is the credential too, pasted without its host, and so is its last segment alone
            Credentials.sent(path);
            Credentials.sent(path.substring(path.lastIndexOf('/') + 1));
        });

        Optional<SlackWebhook> slack = Optional.empty();
        if (webhook.isPresent()) {
            URI url = uri(webhook.get());
            if (url == null) {
                unavailable.add("slack: the webhook URL read from " + config.slack().orElseThrow().webhookUrl().describe()
                        + " is not an http(s) URL");
            } else {
                slack = Optional.of(new SlackWebhook(url, new Courier(Channel.SLACK, policy, clock, sleeper, random)));
                String name = config.slack().orElseThrow().channelName().map(c -> " (" + c + ")").orElse("");
                channels.add("slack → " + SlackWebhook.shown(url) + name);
            }
        }
        Optional<PagerDutyEvents> pagerDuty = Optional.empty();
        if (routingKey.isPresent()) {
            Notifications.PagerDuty p = config.pagerDuty().orElseThrow();
            URI url = uri(p.url());
            if (url == null) {
                unavailable.add("pagerduty: " + p.url() + " is not an http(s) URL");
            } else {
                pagerDuty = Optional.of(new PagerDutyEvents(url, routingKey.get(),
                        new Courier(Channel.PAGERDUTY, policy, clock, sleeper, random)));
                channels.add("pagerduty → " + p.url() + "/v2/enqueue");
            }
        }
        Optional<GitHubIssues> gitHub = Optional.empty();
        if (token.isPresent()) {
            Notifications.GitHub g = config.gitHub().orElseThrow();
            try {
                URI url = uri(g.url());
                if (url == null) throw new IllegalArgumentException(g.url() + " is not an http(s) URL");
                gitHub = Optional.of(new GitHubIssues(url, g.owner(), g.repo(), token.get(), g.labels(),
                        new Courier(Channel.GITHUB, policy, clock, sleeper, random)));
                channels.add("github → " + g.owner() + "/" + g.repo() + " issues");
            } catch (IllegalArgumentException e) {
                unavailable.add("github: " + Credentials.scrub(e.getMessage()));
            }
        }
        return new Notifier(slack, pagerDuty, gitHub, PagingPolicy.runbook(), channels, unavailable, at -> false);
    }

    /** Sends a notice wherever it belongs; one delivery per channel used, in the order Slack, PagerDuty. */
    public List<Delivery<?>> announce(Notice notice, AttemptListener listener) {
        List<Delivery<?>> out = new ArrayList<>();
        if (heldAt.test(notice.at())) return out;
        slack.ifPresent(s -> out.add(s.send(notice, listener)));
        // a finding is not paged: PagerDuty is for incidents, which people declare and escalate
        if (!(notice instanceof Notice.AboutIncident about)) return out;
        pagerDuty.ifPresent(p -> {
            boolean paged = paging.shouldPage(about.incident().severity());
            switch (about) {
                case Notice.Escalated e when paged -> out.add(p.trigger(e, listener));
                case Notice.Acknowledged a when paged -> out.add(p.acknowledge(a.incident().id(), listener));
                case Notice.Resolved r -> out.add(p.resolve(r.incident().id(), listener));
                default -> { }
            }
        });
        return out;
    }

    /** Opens the follow-up issue, or says why not. */
    public Delivery<GitHubIssue> openFollowUp(FollowUp followUp, AttemptListener listener) {
        if (held()) {
            return new Delivery.Failed<>(Channel.GITHUB, "held: a drill is running (pitcrew drill status); the issue was not opened", 0,
                    OptionalInt.empty());
        }
        return gitHub.map(g -> g.create(followUp, listener)).orElseGet(() -> new Delivery.Failed<>(Channel.GITHUB,
                "GitHub is not configured (notifications.github in pitcrew.yaml)", 0, OptionalInt.empty()));
    }

    public PagingPolicy paging() {
        return paging;
    }

    public boolean shouldPage(Severity severity) {
        return paging.shouldPage(severity);
    }

    /** The channels in use, each as where it sends, secrets left out. */
    public List<String> channels() {
        return channels;
    }

    /** Configured channels that cannot be used, and why (a variable not set, a file not readable). */
    public List<String> unavailable() {
        return unavailable;
    }

    public Optional<SlackWebhook> slack() { return slack; }

    public Optional<PagerDutyEvents> pagerDuty() { return pagerDuty; }

    public Optional<GitHubIssues> gitHub() { return gitHub; }

    /** A secret's value, read now; absent (and why, added to {@code unavailable}) when it cannot be. */
    private static Optional<String> read(String what, SecretRef ref, Function<String, String> env, List<String> unavailable) {
        if (ref.file().isPresent()) {
            try {
                String v = Files.readString(ref.file().get(), StandardCharsets.UTF_8).strip();
                if (!v.isEmpty()) return Optional.of(v);
                unavailable.add(what + ": " + ref.describe() + " is empty");
            } catch (IOException | SecurityException e) {
                unavailable.add(what + ": " + ref.describe() + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            return Optional.empty();
        }
        String v = ref.env().map(env).map(String::strip).orElse("");
        if (v.isEmpty()) unavailable.add(what + ": " + ref.describe() + " is not set");
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static URI uri(String text) {
        try {
            URI u = URI.create(text);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "Notifier" + channels;
    }
}
