package io.pitcrew.notify;

import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.pitcrew.notify.NotifyFixture.AT;
import static org.assertj.core.api.Assertions.assertThat;

/** The payload examples in docs/notifications.md are what pitcrew sends, so the document cannot drift. */
class NotificationsDocTest {

    static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    final NotifyFixture f = new NotifyFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    /** What each service received for INC-7, pretty-printed; the examples in the document. */
    static String[] examples(NotifyFixture f) {
        Notifier n = f.notifier();
        IncidentBrief i = NotifyFixture.incident(Severity.P1);
        n.announce(new Notice.Escalated(i, AT, "P1 with users blocked", NotifyFixture.CONTACTS.escalationOrder()), AttemptListener.NONE);
        n.openFollowUp(GitHubIssuesTest.followUp(), AttemptListener.NONE);
        return new String[] {pretty(f.slack.received().getFirst().body()), pretty(f.pagerDuty.received().getFirst().body()),
                pretty(f.gitHub.received().getFirst().body())};
    }

    static String pretty(String json) {
        return PRETTY.writeValueAsString(PRETTY.readTree(json)).replace("\r\n", "\n");
    }

    @Test
    void theDocumentShowsWhatIsSent() throws IOException {
        String[] examples = examples(f);
        // written out so a changed payload can be pasted into the document
        Files.writeString(Path.of("target/notification-examples.md"), String.join("\n\n", examples));
        String doc = Files.readString(Path.of("docs/notifications.md"));
        for (String example : examples) assertThat(doc).contains("```json\n" + example + "\n```");
    }
}
