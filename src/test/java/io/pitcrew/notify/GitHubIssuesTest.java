package io.pitcrew.notify;

import io.pitcrew.config.Notifications;
import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** GitHub REST "create an issue" for the permanent fix. */
class GitHubIssuesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    final NotifyFixture f = new NotifyFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    static FollowUp followUp() {
        return new FollowUp(NotifyFixture.incident(Severity.P1), "Build caches filled the nodes' ephemeral storage.",
                "Set ephemeral-storage limits on the workspace template.", List.of(
                new FollowUp.Entry(Instant.parse("2026-11-25T14:02:00Z"), "declared P1 by Dana Ops"),
                new FollowUp.Entry(Instant.parse("2026-11-25T14:10:30Z"), "applied: evicted pods cleaned up in us-west-2")));
    }

    @Test
    void createsTheIssueWithGitHubsHeadersAndReturnsItsNumber() {
        Delivery<GitHubIssue> d = f.notifier().openFollowUp(followUp(), f.listener);

        assertThat(d).isEqualTo(new Delivery.Delivered<>(Channel.GITHUB,
                new GitHubIssue(42, URI.create("https://github.com/acme/platform/issues/42")), 1));
        FakeService.Received r = f.gitHub.received().getFirst();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/repos/acme/platform/issues");
        assertThat(r.headers()).containsEntry("accept", "application/vnd.github+json")
                .containsEntry("authorization", "Bearer " + NotifyFixture.TOKEN)
                .containsEntry("x-github-api-version", "2022-11-28")
                .containsEntry("user-agent", "pitcrew");
        JsonNode issue = JSON.readTree(r.body());
        assertThat(issue.path("title").asString()).isEqualTo("INC-7 follow-up: Workspaces restarting in us-west-2");
        assertThat(issue.path("labels").valueStream().map(JsonNode::asString)).containsExactly("incident", "follow-up");
        assertThat(issue.path("body").asString()).isEqualTo("""
                Permanent fix for incident **INC-7**, P1 (High), investigating.

                3 workspace pods evicted for ephemeral storage; users lose progress

                - **Regions:** us-west-2
                - **Incident commander:** Dana Ops

                ## Root cause

                Build caches filled the nodes' ephemeral storage.

                ## Permanent fix

                Set ephemeral-storage limits on the workspace template.

                ## Timeline

                - 2026-11-25 14:02:00 UTC — declared P1 by Dana Ops
                - 2026-11-25 14:10:30 UTC — applied: evicted pods cleaned up in us-west-2

                ## Links

                - [runbook](https://example.com/runbook#workspace-restarts)

                _Opened by pitcrew._
                """);
    }

    @Test
    void issuesDisabledIsAClearErrorAndNotRetried() {
        f.gitHub.then(FakeService.GH_GONE);
        Delivery<GitHubIssue> d = f.notifier().openFollowUp(followUp(), f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> assertThat(x.reason()).isEqualTo(
                "HTTP 410: issues are disabled on acme/platform; enable them in the repository's settings or configure another repo"));
        assertThat(f.gitHub.received()).hasSize(1);
    }

    @Test
    void validationFailedIsAClearErrorAndNotRetried() {
        f.gitHub.then(FakeService.GH_INVALID);
        Delivery<GitHubIssue> d = f.notifier().openFollowUp(followUp(), f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> assertThat(x.reason())
                .isEqualTo("HTTP 422: GitHub rejected the issue (Validation Failed; title missing_field)"));
        assertThat(f.gitHub.received()).hasSize(1);
        assertThat(f.time.waits).isEmpty();
    }

    @Test
    void aCreatedAnswerWithoutTheIssueMayHaveOpenedItSoItIsNotOpenedAgain() {
        f.gitHub.then(FakeService.Reply.json(201, "{\"message\":\"created\"}"));
        Delivery<GitHubIssue> d = f.notifier().openFollowUp(followUp(), f.listener);

        assertThat(d).isInstanceOfSatisfying(Delivery.Failed.class, x -> assertThat(x.reason()).isEqualTo(
                "HTTP 201 from GitHub without an issue number and html_url: the issue may have been opened; look in "
                        + "acme/platform before opening it again"));
        assertThat(f.gitHub.received()).hasSize(1);
        assertThat(f.time.waits).isEmpty();
    }

    @Test
    void aServerErrorIsRetried() {
        f.gitHub.then(FakeService.Reply.json(502, "{\"message\":\"Server Error\"}"));
        Delivery<GitHubIssue> d = f.notifier().openFollowUp(followUp(), f.listener);

        assertThat(d.delivered()).isTrue();
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(f.time.waits).containsExactly(Duration.ofMillis(750));
    }

    @Test
    void aVeryLongTimelineIsCutToGitHubsLimit() {
        List<FollowUp.Entry> entries = IntStream.range(0, 2000)
                .mapToObj(i -> new FollowUp.Entry(Instant.parse("2026-11-25T14:00:00Z").plusSeconds(i), "n".repeat(100))).toList();
        String body = IssueBody.of(new FollowUp(NotifyFixture.incident(Severity.P2), "", "", entries));
        assertThat(body.length()).isLessThanOrEqualTo(65_536);
        assertThat(body).contains("timeline cut to fit").endsWith("_Opened by pitcrew._\n");
    }

    @Test
    void withoutGitHubConfiguredTheFollowUpSaysSo() {
        Notifier n = Notifier.from(Notifications.none(), k -> null, RetryPolicy.standard(), f.time, f.time, () -> 0);
        assertThat(n.openFollowUp(followUp(), f.listener)).isInstanceOfSatisfying(Delivery.Failed.class,
                x -> assertThat(x.reason()).contains("notifications.github"));
        assertThat(n.announce(new Notice.Declared(NotifyFixture.incident(Severity.P0), NotifyFixture.AT), f.listener)).isEmpty();
    }
}
