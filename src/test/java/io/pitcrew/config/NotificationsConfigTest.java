package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** pitcrew.yaml's notifications: and contacts: blocks. */
class NotificationsConfigTest {

    static final String REGIONS = """
            regions:
              - name: us-east-2
                role: control-plane
                domain: ai.coder.com
            """;

    static PitcrewConfig parse(String yaml) {
        return ConfigLoader.parse("pitcrew.yaml", REGIONS + yaml);
    }

    static List<String> problems(String yaml) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> parse(yaml));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(p -> p.line() + " " + p.path() + ": " + p.message() + " | " + p.fix()).toList();
    }

    @Test
    void withoutTheBlocksNothingIsNotifiedAndNobodyListed() {
        PitcrewConfig c = parse("");
        assertThat(c.notifications()).isEqualTo(Notifications.none());
        assertThat(c.contacts()).isEqualTo(Contacts.none());
    }

    @Test
    void everyChannelAndTheContactsTable() {
        PitcrewConfig c = parse("""
                notifications:
                  slack:
                    webhookUrlEnv: PITCREW_SLACK_WEBHOOK
                    channelName: "#workshop-incidents"
                  pagerduty:
                    routingKeyFile: secrets/pagerduty
                  github:
                    repo: coder/ai.coder.com
                    tokenEnv: GITHUB_TOKEN
                    url: https://github.example.com/api/v3/
                    labels: [incident, follow-up]
                contacts:
                  people:
                    - {role: Infrastructure Lead, name: Sam, contact: "@sam"}
                    - {role: On-Call Engineer, name: Riley, contact: "+1 555 0100"}
                    - {role: Platform Team Lead}
                    - {role: Escalation Contact, name: jullian@coder.com}
                  escalation: [on-call engineer, Infrastructure Lead, Escalation Contact]
                """);

        Notifications n = c.notifications();
        assertThat(n.slack()).contains(new Notifications.Slack(SecretRef.env("PITCREW_SLACK_WEBHOOK"), Optional.of("#workshop-incidents")));
        assertThat(n.pagerDuty()).contains(new Notifications.PagerDuty(
                SecretRef.file(Path.of("").toAbsolutePath().resolve("secrets/pagerduty")), "https://events.pagerduty.com"));
        assertThat(n.gitHub()).contains(new Notifications.GitHub("coder", "ai.coder.com", SecretRef.env("GITHUB_TOKEN"),
                "https://github.example.com/api/v3", List.of("incident", "follow-up")));
        assertThat(c.contacts().people()).containsExactly(
                new Contacts.Contact("Infrastructure Lead", "Sam", "@sam"),
                new Contacts.Contact("On-Call Engineer", "Riley", "+1 555 0100"),
                new Contacts.Contact("Platform Team Lead", "", ""),
                new Contacts.Contact("Escalation Contact", "jullian@coder.com", ""));
        assertThat(c.contacts().escalationOrder()).extracting(Contacts.Contact::role)
                .containsExactly("On-Call Engineer", "Infrastructure Lead", "Escalation Contact");
    }

    @Test
    void aConfigChangedElsewhereKeepsItsNotificationsAndContacts() {
        PitcrewConfig c = parse("notifications:\n  slack: {webhookUrlEnv: W}\ncontacts:\n  people: [{role: On-Call Engineer}]\n");
        PitcrewConfig changed = c.withThresholds(Thresholds.defaults()).withProbes(Probes.none());
        assertThat(changed.notifications()).isEqualTo(c.notifications()).isNotEqualTo(Notifications.none());
        assertThat(changed.contacts()).isEqualTo(c.contacts()).isNotEqualTo(Contacts.none());
    }

    @Test
    void badInputIsReportedLineByLineWithAFix() {
        List<String> p = problems("""
                notifications:
                  slack:
                    webhookUrlEnv: https://hooks.slack.com/services/T0/B0/SECRETSECRET
                  pagerduty: true
                  github:
                    repo: just-a-name
                    tokenEnv: GITHUB_TOKEN
                    tokenFile: token
                    labels: incident
                    url: ftp://github
                  teams: {}
                contacts:
                  people:
                    - {role: On-Call Engineer, phone: 555}
                    - On-Call Engineer
                    - {role: On-call engineer}
                  escalation: [On-Call Enginer, 7]
                """);

        assertThat(p).containsExactly(
                "7 notifications.slack.webhookUrlEnv: is not an environment variable name | name the variable, e.g. "
                        + "webhookUrlEnv: PITCREW_SLACK_WEBHOOK; never put the Slack incoming webhook URL itself in the file",
                "8 notifications.pagerduty: expected a mapping, got true | indent the keys under it, like '  routingKeyEnv: ...', or remove it",
                "10 notifications.github.repo: 'just-a-name' is not owner/name | write the repository as owner/name, e.g. coder/ai.coder.com",
                "12 notifications.github.tokenFile: tokenEnv and tokenFile are both given | keep one: the environment variable or the "
                        + "file holding a token allowed to open issues (fine-grained: Issues read and write)",
                "13 notifications.github.labels: expected a list, got 'incident' | write labels: [incident, follow-up]",
                "14 notifications.github.url: 'ftp://github' is not an http(s) URL | write the base URL, or remove url to use https://api.github.com",
                "15 notifications.teams: unknown key 'teams' | remove it; valid keys here: slack, pagerduty, github",
                "18 contacts.people[0].phone: unknown key 'phone' | remove it; valid keys here: role, name, contact",
                "19 contacts.people[1]: expected a contact (role, name, contact), got 'On-Call Engineer' | write '- {role: On-Call Engineer, name: Riley, contact: \"@riley\"}'",
                "20 contacts.people[2].role: role 'On-call engineer' is already contacts.people[0] | give each role one row",
                "21 contacts.escalation[0]: no contact has role 'On-Call Enginer' | did you mean 'On-Call Engineer'? roles in contacts.people: On-Call Engineer, On-call engineer",
                "21 contacts.escalation[1]: expected a role, got 7 | name a role of contacts.people");
        assertThat(String.join("\n", p)).doesNotContain("SECRETSECRET");
    }

    @Test
    void aChannelWithNothingUnderItMustNameItsSecret() {
        assertThat(problems("notifications:\n  slack:\n  github:\n    tokenEnv: GH\n")).containsExactly(
                "6 notifications.slack: missing webhookUrlEnv or webhookUrlFile | add webhookUrlEnv: PITCREW_SLACK_WEBHOOK (the "
                        + "environment variable holding the Slack incoming webhook URL), or webhookUrlFile: a file holding it, relative to this file",
                "7 notifications.github.repo: missing (required) | add repo: the repository for follow-up issues as owner/name, e.g. coder/ai.coder.com");
    }

    @Test
    void wrongTypesAreNamed() {
        assertThat(problems("notifications: [slack]\ncontacts:\n  people: {role: x}\n")).containsExactly(
                "5 notifications: expected a mapping, got a list | indent the keys under it, like '  slack: ...', or remove it",
                "7 contacts.people: expected a list, got a mapping | write people:\n      - {role: On-Call Engineer, name: Riley, contact: '@riley'}");
    }

    @Test
    void problemsComeInLineOrderWithTheRest() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ConfigLoader.parse("pitcrew.yaml", """
                contacts:
                  escalation: [Nobody]
                regions:
                  - name: us-east-2
                    role: controlplane
                    domain: ai.coder.com
                """));
        assertThat(e.problems()).extracting(Problem::line).containsExactly(2, 5);
    }
}
