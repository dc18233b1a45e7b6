package io.pitcrew.cli;

import io.pitcrew.notify.FakeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole incident from the command line, declare --from-finding to resolve and follow-up, with Slack, PagerDuty and
 * GitHub as local servers speaking their wire formats; on each database (one subclass per database).
 */
abstract class IncidentCommandContract {

    static final String WEBHOOK_SECRET = "hooksecret0123456789abcdefghij";
    static final String ROUTING_KEY = "routingkey0123456789abcdefghijkl";
    static final String TOKEN = "ghp_token0123456789abcdefghijklmnop";

    @TempDir
    Path tmp;

    FakeService slack;
    FakeService pagerDuty;
    FakeService gitHub;
    Path config;
    Path report;

    protected abstract String db();

    @BeforeEach
    void services() throws IOException {
        slack = FakeService.slack();
        pagerDuty = FakeService.pagerDuty();
        gitHub = FakeService.gitHub();
        Files.writeString(tmp.resolve("webhook"), slack.url() + "/services/T1/B1/" + WEBHOOK_SECRET);
        Files.writeString(tmp.resolve("routing-key"), ROUTING_KEY);
        Files.writeString(tmp.resolve("token"), TOKEN);
        config = tmp.resolve("pitcrew.yaml");
        Files.writeString(config, """
                regions:
                  - {name: us-east-2, role: control-plane, domain: ai.coder.com}
                notifications:
                  slack:
                    webhookUrlFile: webhook
                    channelName: "#workshop-incidents"
                  pagerduty:
                    routingKeyFile: routing-key
                    url: %s
                  github:
                    repo: acme/platform
                    tokenFile: token
                    url: %s
                contacts:
                  people:
                    - {role: On-Call Engineer, name: Riley, contact: "@riley"}
                    - {role: Escalation Contact, name: jullian@coder.com}
                  escalation: [On-Call Engineer, Escalation Contact]
                """.formatted(pagerDuty.url(), gitHub.url()));
        report = tmp.resolve("doctor.json");
        Files.writeString(report, """
                {"observedAt": "2026-11-25T09:50:00Z", "regions": [], "findings": [
                  {"incidentType": "litellm-auth", "cause": "key-rotation", "title": "LiteLLM auxiliary key rotation",
                   "severity": "P1", "regions": ["us-east-2"], "evidence": [], "actions": []}]}
                """);
    }

    @AfterEach
    void stop() {
        slack.close();
        pagerDuty.close();
        gitHub.close();
    }

    FixCommandTest.Run pitcrew(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", db(), "--config", config.toString()));
        return FixCommandTest.pitcrew(all.toArray(String[]::new));
    }

    JsonNode show(String id) {
        FixCommandTest.Run shown = pitcrew("incident", "show", id, "-o", "json");
        assertThat(shown.exit()).as(shown.err()).isZero();
        return JsonMapper.builder().build().readTree(shown.out());
    }

    @Test
    void aWholeIncidentFromFindingToFollowUp() {
        FixCommandTest.Run declared = pitcrew("incident", "declare", "--from-finding", "litellm-auth/key-rotation",
                "--findings", report.toString(), "--workshop", "2026-11", "--as", "alice");
        assertThat(declared.exit()).as(declared.err()).isZero();
        assertThat(declared.out()).contains("INC-1  P1  investigating  LiteLLM auxiliary key rotation")
                .contains("P1 without an incident commander").contains("pitcrew incident escalate INC-1");
        assertThat(slack.received()).hasSize(1);
        assertThat(slack.received().getFirst().body()).contains("INC-1").contains("declared");

        FixCommandTest.Run refused = pitcrew("incident", "status", "identified", "--as", "alice");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("needs an incident commander").contains("pitcrew incident assign INC-1 commander NAME");

        assertThat(pitcrew("incident", "assign", "commander", "alice", "--as", "alice").exit()).isZero();
        FixCommandTest.Run escalated = pitcrew("incident", "escalate", "--reason", "all workspaces restarting", "--as", "alice");
        assertThat(escalated.exit()).as(escalated.err()).isZero();
        assertThat(escalated.out()).contains("| On-Call Engineer | Riley | @riley |");
        assertThat(pitcrew("incident", "ack", "INC-1", "--as", "riley").exit()).isZero();
        assertThat(pitcrew("incident", "status", "INC-1", "identified", "--as", "alice").exit()).isZero();
        assertThat(pitcrew("incident", "note", "rotator", "restarted", "at", "09:45", "--as", "bob").exit()).isZero();
        assertThat(pitcrew("incident", "decide", "pause the rotator until the workshop ends", "--as", "alice").exit()).isZero();
        assertThat(pitcrew("incident", "update", "Workspaces may restart once more; save your work", "--as", "carol").exit()).isZero();
        assertThat(pitcrew("incident", "status", "monitoring", "--as", "alice").exit()).isZero();
        assertThat(pitcrew("incident", "severity", "P2", "--reason", "no more restarts", "--as", "alice").exit()).isZero();
        assertThat(pitcrew("incident", "update", "All clear", "--as", "carol").exit()).isZero();

        FixCommandTest.Run noCause = pitcrew("incident", "resolve", "--root-cause", " ", "--as", "alice");
        assertThat(noCause.exit()).isEqualTo(2);
        FixCommandTest.Run resolved = pitcrew("incident", "resolve", "--root-cause", "the key rotator restarted workspaces mid-workshop", "--as", "alice");
        assertThat(resolved.exit()).as(resolved.err()).isZero();
        assertThat(resolved.out()).contains("post-incident checklist: not done: GitHub issue created for permanent fix");

        assertThat(pitcrew("incident", "followup", "x").err()).contains("no open incident; the latest is INC-1 (resolved): name it");
        FixCommandTest.Run followUp = pitcrew("incident", "followup", "INC-1", "schedule key rotation outside workshops", "--github", "--as", "alice");
        assertThat(followUp.exit()).as(followUp.err()).isZero();
        assertThat(followUp.out()).contains("https://github.com/acme/platform/issues/42");
        assertThat(pitcrew("incident", "checklist", "INC-1", "--check", "runbook-updated,retrospective", "--as", "alice").out())
                .contains("[x] runbook-updated").contains("[x] github-issue").contains("[x] team-notified")
                .contains("[x] participants-notified").contains("[x] root-cause");

        // what the services received, in their own formats
        List<String> events = pagerDuty.received().stream().map(r -> JsonMapper.builder().build().readTree(r.body()))
                .map(n -> n.get("event_action").asString() + ":" + n.get("dedup_key").asString()).toList();
        assertThat(events).containsExactly("trigger:pitcrew-INC-1", "acknowledge:pitcrew-INC-1", "resolve:pitcrew-INC-1");
        assertThat(gitHub.received()).hasSize(1);
        JsonNode issue = JsonMapper.builder().build().readTree(gitHub.received().getFirst().body());
        assertThat(issue.get("body").asString()).contains("the key rotator restarted workspaces mid-workshop").contains("pause the rotator");
        assertThat(slack.received()).extracting(FakeService.Received::body).anyMatch(b -> b.contains("resolved"));

        JsonNode incident = show("INC-1");
        assertThat(incident.get("status").asString()).isEqualTo("resolved");
        assertThat(incident.get("severity").asString()).isEqualTo("P2");
        assertThat(incident.get("commander").asString()).isEqualTo("alice");
        assertThat(incident.get("times").get("acknowledged").isNull()).isFalse();
        assertThat(incident.get("times").get("detected").asString()).isEqualTo("2026-11-25T09:50:00Z");
        List<String> kinds = new ArrayList<>();
        incident.get("timeline").forEach(e -> kinds.add(e.get("kind").asString()));
        assertThat(kinds).contains("declared", "finding", "role", "acknowledged", "escalated", "status", "note", "decision",
                "update", "severity", "resolved", "follow-up", "checklist", "notification");
        assertThat(incident.get("reminders")).isEmpty();
        // every attempt is on the timeline, and no secret is anywhere
        String everything = incident.toString();
        assertThat(everything).contains("pagerduty attempt 1: HTTP 202 delivered").contains("github attempt 1: HTTP 201 delivered")
                .doesNotContain(WEBHOOK_SECRET).doesNotContain(ROUTING_KEY).doesNotContain(TOKEN);

        FixCommandTest.Run list = pitcrew("incident", "list", "--all");
        assertThat(list.out()).contains("INC-1").contains("resolved").contains("alice");
        assertThat(pitcrew("incident", "list").out()).doesNotContain("INC-1");
    }

    @Test
    void theRetrospectiveCoversTheWorkshopAndProposesWhatTheRunbookLacks() throws IOException {
        assertThat(pitcrew("incident", "declare", "--from-finding", "litellm-auth/key-rotation", "--findings", report.toString(),
                "--workshop", "2026-11", "--commander", "alice", "--started", "2026-11-25T09:40:00Z", "--as", "alice").exit()).isZero();
        assertThat(pitcrew("incident", "ack", "--as", "riley").exit()).isZero();
        assertThat(pitcrew("incident", "decide", "pause the key rotator until the workshop ends", "--as", "alice").exit()).isZero();
        assertThat(pitcrew("incident", "resolve", "--root-cause", "the key rotator restarted workspaces", "--as", "alice").exit()).isZero();
        assertThat(pitcrew("incident", "declare", "Participants' browsers block the workspace iframe", "-s", "P2",
                "--workshop", "2026-11", "--as", "bob").exit()).isZero();
        assertThat(pitcrew("incident", "resolve", "--root-cause", "a third-party cookie setting in Safari", "--as", "bob").exit()).isZero();
        assertThat(pitcrew("incident", "declare", "other workshop", "-s", "P3", "--workshop", "2026-10").exit()).isZero();

        Path out = tmp.resolve("retro.md");
        FixCommandTest.Run retro = pitcrew("retro", "--workshop", "2026-11", "--out", out.toString());
        assertThat(retro.exit()).as(retro.err()).isZero();
        String md = Files.readString(out);
        assertThat(md).startsWith("# Post-workshop retrospective: workshop 2026-11")
                .contains("from 2 incidents").contains("| INC-1 | P1 | resolved | LiteLLM auxiliary key rotation | alice | the key rotator restarted workspaces |")
                .contains("| **all 2** |").contains("MTTD (started → detected)")
                .contains("| INC-1 | 10 min |") // started 09:40, detected 09:50 (doctor's report)
                .contains("Decisions:").contains("pause the key rotator until the workshop ends")
                .contains("### Proposed new incident type: Participants' browsers block the workspace iframe (from INC-2)")
                .contains("- Likely cause: a third-party cookie setting in Safari")
                .contains("post-incident checklist not done: GitHub issue created for permanent fix")
                .doesNotContain("other workshop").doesNotContain("Proposed new incident type: LiteLLM");
        assertThat(pitcrew("retro", "--since", "1h").out()).contains("from 3 incidents");
        assertThat(pitcrew("retro", "--since", "yesterday").exit()).isEqualTo(2);
        assertThat(pitcrew("retro").exit()).isEqualTo(2);
    }

    @Test
    void aFindingSeenLaterIsLinkedWithItsRegions() throws IOException {
        assertThat(pitcrew("incident", "declare", "--from-finding", "litellm-auth/key-rotation", "--findings", report.toString()).exit()).isZero();
        Path later = tmp.resolve("later.json");
        Files.writeString(later, """
                {"findings": [{"incidentType": "image-pull", "cause": "registry-auth", "title": "Registry authentication",
                   "severity": "P2", "regions": ["eu-west-2"]}]}
                """);
        FixCommandTest.Run linked = pitcrew("incident", "link", "--from-finding", "image-pull/registry-auth", "--findings", later.toString(), "--as", "bob");
        assertThat(linked.exit()).as(linked.err()).isZero();
        JsonNode incident = show("INC-1");
        assertThat(incident.get("regions").toString()).isEqualTo("[\"us-east-2\",\"eu-west-2\"]");
        assertThat(incident.get("timeline").toString()).contains("finding linked: image-pull/registry-auth P2 [eu-west-2]");
        FixCommandTest.Run again = pitcrew("incident", "link", "--from-finding", "image-pull/registry-auth", "--findings", later.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("linked already");
    }

    @Test
    void aNotificationThatFailsDoesNotStopTheIncident() {
        slack.then(FakeService.SLACK_INVALID);
        FixCommandTest.Run declared = pitcrew("incident", "declare", "Coder UI slow", "-s", "P3", "--as", "alice");
        assertThat(declared.exit()).as(declared.err()).isZero();
        assertThat(declared.err()).contains("slack: declared NOT sent");
        JsonNode incident = show("INC-1");
        assertThat(incident.get("timeline").toString()).contains("slack attempt 1: HTTP 400 refused");
    }

    @Test
    void aTextTooLongOrWithControlCharactersIsRefusedInOneLine() {
        assertThat(pitcrew("incident", "declare", "disk full", "-s", "P2").exit()).isZero();
        FixCommandTest.Run tooLong = pitcrew("incident", "note", "INC-1", "n".repeat(5000));
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).isEqualTo("error: note text is 5000 characters long, at most 4000: shorten it, or write several\n");
        FixCommandTest.Run nul = pitcrew("incident", "decide", "INC-1", "roll\u0000back");
        assertThat(nul.exit()).isEqualTo(2);
        assertThat(nul.err().lines().toList()).containsExactly(
                "error: decision text has a control character (U+0000) at character 5: only newline and tab may be used");
        assertThat(pitcrew("incident", "declare", "t".repeat(300), "-s", "P3").err()).contains("title is 300 characters long, at most 200");
        assertThat(pitcrew("incident", "note", "INC-1", "two\nlines\tand a tab").exit()).isZero();
        assertThat(show("INC-1").get("timeline").toString()).contains("two\\nlines\\tand a tab").doesNotContain("nnnnnnnnnn", "roll");
    }

    @Test
    void badInputIsExitTwoWithWhatToDo() throws IOException {
        assertThat(pitcrew("incident", "declare", "no severity").err()).contains("--severity P0|P1|P2|P3");
        assertThat(pitcrew("incident", "declare", "x", "-s", "P9").exit()).isEqualTo(2);
        assertThat(pitcrew("incident", "note", "hello").err()).contains("no open incident; declare one");
        assertThat(pitcrew("incident", "declare", "--from-finding", "image-pull/registry-auth", "--findings", report.toString()).err())
                .contains("it reported: litellm-auth/key-rotation");
        Path edited = report.resolveSibling("edited.json");
        Files.writeString(edited, "{\"findings\": [{\"incidentType\": \"image-pull\", \"cause\": {\"id\": \"registry-auth\"}}]}");
        FixCommandTest.Run shape = pitcrew("incident", "declare", "--from-finding", "image-pull/registry-auth", "--findings", edited.toString());
        assertThat(shape.exit()).isEqualTo(2);
        assertThat(shape.err()).contains("--findings " + edited + ": not doctor's JSON report (pitcrew doctor -o json): findings[0].cause is not text")
                .doesNotContain("Exception");
        assertThat(pitcrew("incident", "declare", "a", "-s", "P2").exit()).isZero();
        assertThat(pitcrew("incident", "declare", "b", "-s", "P2").exit()).isZero();
        FixCommandTest.Run which = pitcrew("incident", "ack");
        assertThat(which.exit()).isEqualTo(2);
        assertThat(which.err()).contains("2 incidents are open (INC-2, INC-1): name one");
        assertThat(pitcrew("incident", "show", "INC-9").err()).contains("no incident INC-9");
        assertThat(pitcrew("incident", "status", "INC-1", "done").exit()).isEqualTo(2);
        assertThat(pitcrew("incident", "status", "INC-1", "monitoring").exit()).isZero();
        assertThat(pitcrew("incident", "status", "INC-1", "investigating").err()).contains("needs a reason: --reason TEXT");
        assertThat(pitcrew("incident", "checklist", "INC-1", "--check", "coffee").exit()).isEqualTo(2);
    }
}
