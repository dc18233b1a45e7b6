package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Actions;
import io.pitcrew.cli.FixCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.pitcrew.cli.FixCommandTest.pitcrew;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pitcrew fix} as commands: one per action with its own options and help, and list, audit, revert,
 * from-finding; the flags these were before still work for one release, with a notice.
 */
class FixSubcommandsTest {

    @TempDir
    Path tmp;

    @Test
    void theOldSpellingsDoWhatTheNewOnesDoAfterANoticeNamingTheNewOne() {
        String db = tmp.resolve("pitcrew.db").toString();
        record Spelling(List<String> old, List<String> now, String notice) {}
        for (Spelling s : List.of(
                new Spelling(List.of("fix", "--list", "-o", "json"), List.of("fix", "list", "-o", "json"),
                        "pitcrew fix --list is now pitcrew fix list"),
                new Spelling(List.of("fix", "--audit", "--db", db), List.of("fix", "audit", "--db", db),
                        "pitcrew fix --audit is now pitcrew fix audit"),
                new Spelling(List.of("fix", "--revert", "42", "--yes", "--db", db), List.of("fix", "revert", "42", "--yes", "--db", db),
                        "pitcrew fix --revert 42 is now pitcrew fix revert 42"),
                new Spelling(List.of("fix", "--from-finding", "no-such/finding", "--db", db), List.of("fix", "from-finding", "no-such/finding", "--db", db),
                        "pitcrew fix --from-finding no-such/finding is now pitcrew fix from-finding no-such/finding"))) {
            Run now = pitcrew(s.now().toArray(String[]::new));
            Run old = pitcrew(s.old().toArray(String[]::new));
            assertThat(now.err()).as(s.now() + " says nothing of spellings").doesNotContain("warning:");
            assertThat(old.exit()).as(String.join(" ", s.old())).isEqualTo(now.exit());
            assertThat(old.out()).as(String.join(" ", s.old())).isEqualTo(now.out());
            assertThat(old.err()).as(String.join(" ", s.old()))
                    .isEqualTo("warning: " + s.notice() + " (the old spelling goes in the next release)\n" + now.err());
        }
        // the cases above that fail say so as the new spelling does
        assertThat(pitcrew("fix", "--revert", "42", "--db", db).err()).contains("no such audit row");
        assertThat(pitcrew("fix", "--from-finding", "no-such/finding").err()).contains("pitcrew has no action for this finding");
    }

    @Test
    void optionsBeforeTheCommandAreRefusedBeforeAnythingIsOpened() {
        Path db = tmp.resolve("before.db");
        Run r = pitcrew("fix", "--db", db.toString(), "scale-litellm", "--yes");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error: pitcrew fix --db " + db + " scale-litellm: options go after the command, as in pitcrew fix scale-litellm --db " + db);
        assertThat(Files.exists(db)).as("no store opened").isFalse();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void eachActionIsACommandWhoseHelpTeachesItsOwnOptions() {
        for (Action a : Actions.ALL) {
            Run help = pitcrew("fix", a.id(), "--help");
            assertThat(help.exit()).as(a.id()).isZero();
            assertThat(help.out()).as(a.id()).startsWith("Usage: pitcrew fix " + a.id()).contains("--yes", "--wait", "--db",
                    "pitcrew fix " + a.id() + " --yes");
            // help wraps its lines wherever it likes: compared without white space
            String unwrapped = help.out().replaceAll("\\s+", "");
            assertThat(unwrapped).as(a.id()).contains(a.summary().replaceAll("\\s+", ""));
            for (Action.Parameter p : a.parameters()) {
                assertThat(unwrapped).as(a.id()).contains("--" + p.name(), p.description().replaceAll("\\s+", ""));
            }
        }
        // an option of another action is not offered, and is refused by name when given
        assertThat(pitcrew("fix", "scale-provisioners", "--help").out()).doesNotContain("--pod", "--from-stdin");
        Run other = pitcrew("fix", "scale-provisioners", "--pod", "x", "--db", tmp.resolve("x.db").toString());
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("scale-provisioners does not take --pod; it takes: --replicas, --others");

        Run fix = pitcrew("fix", "--help");
        assertThat(fix.out()).contains("pitcrew fix list", "pitcrew fix audit", "pitcrew fix revert 12 --yes", "pitcrew fix from-finding")
                .contains("--list, --audit, --revert ID and --from-finding X still work until the next release");
        for (String command : FixCommand.COMMANDS) assertThat(fix.out()).containsPattern("(?m)^  " + command + " ");
    }

    @Test
    void fixAloneNamesWhatItTakes() {
        Run r = pitcrew("fix");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("name an action (pitcrew fix list shows them), or list, audit, revert, from-finding");
    }
}
