package io.pitcrew.incident;

import io.pitcrew.incident.TimelineEntry.Kind;
import io.pitcrew.runbook.Severity;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class RemindersTest {

    static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    static Incident declared(Severity s) {
        return Lifecycle.declare(1, Declaration.of("x", s), "alice", AT).incident();
    }

    @Test
    void aP1WithoutCommanderIsRemindedAndAP2IsNot() {
        assertThat(Reminders.of(declared(Severity.P1), List.of(), Optional.empty(), AT)).anyMatch(r -> r.contains("without an incident commander"));
        assertThat(Reminders.of(declared(Severity.P2), List.of(), Optional.empty(), AT)).isEmpty();
    }

    @Test
    void participantsAreOwedAnUpdateEveryTwentyMinutesWhileUserVisible() {
        Incident p2 = declared(Severity.P2);
        assertThat(Reminders.of(p2, List.of(), Optional.empty(), AT.plus(Duration.ofMinutes(19)))).isEmpty();
        assertThat(Reminders.of(p2, List.of(), Optional.empty(), AT.plus(Duration.ofMinutes(20))))
                .containsExactly("participants have had no update for 20 min while P2 is user-visible: pitcrew incident update INC-1 TEXT");
        List<TimelineEntry> updated = List.of(TimelineEntry.of(AT.plus(Duration.ofMinutes(15)), "carol", Kind.UPDATE, "working on it"));
        assertThat(Reminders.of(p2, updated, Optional.empty(), AT.plus(Duration.ofMinutes(30)))).isEmpty();
        assertThat(Reminders.of(declared(Severity.P3), List.of(), Optional.empty(), AT.plus(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void aPausedKeyRotatorIsRemindedAfterResolveOrWhenItsResumeIsOverdueUntilItIsReverted(@TempDir Path tmp) {
        try (Store store = Store.open(tmp.resolve("pitcrew.db"))) {
            assertThat(Reminders.rotatorPause(store.audit())).isEmpty();
            AuditEntry pause = store.audit().append(AuditEntry.of(AT, "alice", "pause-key-rotation", "{}", "[]", "applied", "")
                    .withInverse(Optional.of("{}"), Optional.of(AT.plus(Duration.ofHours(4)))));
            store.audit().append(AuditEntry.of(AT, "alice", "pause-key-rotation", "{}", "[]", "verified", "").following(pause.id()));
            Optional<Reminders.RotatorPause> paused = Reminders.rotatorPause(store.audit());
            assertThat(paused).contains(new Reminders.RotatorPause(pause.id(), AT, Optional.of(AT.plus(Duration.ofHours(4)))));

            Incident open = declared(Severity.P3);
            assertThat(Reminders.of(open, List.of(), paused, AT.plus(Duration.ofHours(1)))).isEmpty();
            assertThat(Reminders.of(open, List.of(), paused, AT.plus(Duration.ofHours(5))))
                    .anyMatch(r -> r.contains("key rotator is still paused") && r.contains("pitcrew fix revert 1 --yes"));
            Incident resolved = Lifecycle.resolve(open, "rotation", "alice", AT).incident();
            assertThat(Reminders.of(resolved, List.of(), paused, AT.plus(Duration.ofHours(1)))).anyMatch(r -> r.contains("still paused"));

            store.audit().append(AuditEntry.of(AT, "bob", "resume-key-rotation", "{}", "[]", "applied", "").reverting(OptionalLong.of(pause.id())));
            assertThat(Reminders.rotatorPause(store.audit())).isEmpty();
        }
    }

    @Test
    void atResolveEveryUncheckedChecklistItemIsReminded() {
        Incident resolved = Lifecycle.resolve(declared(Severity.P3), "a typo in the banner", "alice", AT).incident();
        assertThat(Reminders.of(resolved, List.of(), Optional.empty(), AT)).hasSize(5)
                .allMatch(r -> r.startsWith("post-incident checklist: not done: "));
    }
}
