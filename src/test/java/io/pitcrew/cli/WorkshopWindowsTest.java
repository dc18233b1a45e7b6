package io.pitcrew.cli;

import io.pitcrew.lab.LabExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workshop windows in pitcrew.yaml, as doctor sees them on the lab: before and during a workshop its predictable trouble
 * is a risk (a rotation due inside it, its participants on provisioners and LiteLLM sized for fewer), after it a
 * reminder to undo what was raised for it, with the audit log's {@code pitcrew fix revert}; retro takes its window.
 * The healthy lab's key rotator announced its next rotation for about 80 minutes after the lab started.
 */
class WorkshopWindowsTest {

    @RegisterExtension
    static final LabExtension shared = LabExtension.healthy(12).resetAfterEach();

    @TempDir
    Path dir;

    /** The lab's pitcrew.yaml with one workshop, {@code from} and {@code to} from now. */
    private Path workshop(Duration from, Duration to, int participants) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path config = shared.lab().config().resolveSibling("workshop-" + dir.getFileName() + "-" + from.toMinutes() + ".yaml");
        Files.writeString(config, Files.readString(shared.lab().config()) + "workshops:\n  - {name: nov-25, start: " + now.plus(from) + ", end: "
                + now.plus(to) + ", participants: " + participants + "}\n");
        return config;
    }

    /** {@code pitcrew doctor --config CONFIG ...}. */
    static FixCommandTest.Run doctor(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("doctor", "--config", config.toString()));
        args.addAll(List.of(more));
        return FixCommandTest.pitcrew(args.toArray(String[]::new));
    }

    private static List<String> keys(FixCommandTest.Run json) {
        List<String> out = new ArrayList<>();
        JsonMapper.builder().build().readTree(json.out()).get("findings")
                .forEach(f -> out.add(f.get("kind").asString() + " " + f.get("incidentType").asString() + "/" + f.get("cause").asString()));
        return out;
    }

    private static JsonNode finding(FixCommandTest.Run json, String key) {
        for (JsonNode f : JsonMapper.builder().build().readTree(json.out()).get("findings")) {
            if ((f.get("incidentType").asString() + "/" + f.get("cause").asString()).equals(key)) return f;
        }
        throw new AssertionError(key + " not in " + json.out());
    }

    @Test
    void justBeforeAWorkshopARotationDueInsideItIsARiskWithThePauseUntilItsEnd() throws Exception {
        Path config = workshop(Duration.ofMinutes(30), Duration.ofMinutes(270), 12);
        FixCommandTest.Run json = doctor(config, "-o", "json");
        assertThat(keys(json)).containsExactly("risk workspace-restarts/key-rotation-due");
        JsonNode due = finding(json, "workspace-restarts/key-rotation-due");
        String end = Files.readString(config).replaceAll("(?s).*end: (\\S+), participants.*", "$1");
        assertThat(due.get("fixes").toString()).isEqualTo("[{\"action\":\"pause-key-rotation\",\"suggested\":[{\"until\":\"" + end + "\"}]}]");
        assertThat(due.get("evidence").toString()).contains("next rotation in 4h24m", "\"kind\":\"Workshop\"", "\"name\":\"nov-25\"");
        assertThat(doctor(config).out()).contains("P3  risk  workspace-restarts / key-rotation-due  [us-east-2]");
    }

    @Test
    void duringTheWorkshopTooAndNotForOneThatIsHoursAway() throws Exception {
        assertThat(keys(doctor(workshop(Duration.ofMinutes(-60), Duration.ofMinutes(180), 12), "-o", "json")))
                .containsExactly("risk workspace-restarts/key-rotation-due");
        assertThat(keys(doctor(workshop(Duration.ofHours(5), Duration.ofHours(9), 12), "-o", "json"))).as("beyond workshopLead").isEmpty();
        assertThat(keys(doctor(workshop(Duration.ofMinutes(-30), Duration.ofMinutes(60), 12), "-o", "json")))
                .as("a workshop that ends before the rotation").isEmpty();
    }

    @Test
    void theParticipantsOfAWorkshopAboutToStartAreSizedForBeforeTheirWorkspacesRun() throws Exception {
        // starts after the rotation: only the sizing is said
        FixCommandTest.Run json = doctor(workshop(Duration.ofMinutes(100), Duration.ofMinutes(220), 40), "-o", "json");
        assertThat(keys(json)).containsExactlyInAnyOrder("risk resource-contention/provisioners-undersized", "risk litellm-auth/litellm-undersized");
        assertThat(finding(json, "resource-contention/provisioners-undersized").get("evidence").toString())
                .contains("40 participants of workshop nov-25 (12 workspace owners now), 6 replicas (more than 15 users needs at least 8)");
    }

    @Test
    void pausedUntilItsEndTheRiskIsGoneAndAfterItTheReminderNamesTheRevert() throws Exception {
        Path before = workshop(Duration.ofMinutes(30), Duration.ofMinutes(270), 12);
        String end = Files.readString(before).replaceAll("(?s).*end: (\\S+), participants.*", "$1");
        String db = dir.resolve("audit.db").toString();
        FixCommandTest.Run pause = FixCommandTest.pitcrew("fix", "pause-key-rotation", "--until", end, "--yes", "--as", "host",
                "--config", before.toString(), "--db", db);
        assertThat(pause.exit()).as(pause.out() + pause.err()).isZero();
        assertThat(keys(doctor(before, "-o", "json"))).isEmpty();

        // the same lab once the workshop is over (it ran from 5 h to 1 h ago): the rotator is still paused until the old end
        Path after = workshop(Duration.ofHours(-5), Duration.ofHours(-1), 12);
        FixCommandTest.Run json = doctor(after, "-o", "json", "--db", db);
        assertThat(keys(json)).containsExactly("risk litellm-auth/key-rotation-paused-after-workshop");
        assertThat(finding(json, "litellm-auth/key-rotation-paused-after-workshop").get("fixes").toString()).contains("resume-key-rotation");
        assertThat(json.err()).containsPattern("! workshop nov-25 ended at \\S+: pause-key-rotation applied at \\S+ by host is still in effect: "
                + "pitcrew fix revert 1 --yes");
    }

    @Test
    void afterAWorkshopCapacityStillRaisedIsAReminderForADay() throws Exception {
        shared.lab().inject("workshop-over");
        FixCommandTest.Run json = doctor(shared.lab().config(), "-o", "json");
        assertThat(keys(json)).containsExactly("risk resource-contention/provisioners-raised-after-workshop");
        assertThat(finding(json, "resource-contention/provisioners-raised-after-workshop").get("fixes").toString())
                .isEqualTo("[{\"action\":\"scale-provisioners\",\"suggested\":[{\"replicas\":\"6\",\"others\":\"2\"}]}]");
        shared.lab().reset();
        Path dayAfter = workshop(Duration.ofHours(-30), Duration.ofHours(-25), 40);
        assertThat(FixCommandTest.pitcrew("fix", "scale-provisioners", "--replicas", "10", "--yes", "--as", "host", "--config", dayAfter.toString(),
                "--db", dir.resolve("audit.db").toString()).exit()).isZero();
        assertThat(keys(doctor(dayAfter, "-o", "json"))).as("a day after: the new normal").isEmpty();
    }

    @Test
    void retroTakesTheWorkshopsWindow() throws Exception {
        Path config = workshop(Duration.ofMinutes(-60), Duration.ofMinutes(120), 12);
        String db = dir.resolve("incidents.db").toString();
        assertThat(FixCommandTest.pitcrew("incident", "declare", "Workspaces restart", "-s", "P2", "--as", "host", "--db", db).exit()).isZero();
        assertThat(FixCommandTest.pitcrew("incident", "declare", "Other workshop's", "-s", "P3", "--workshop", "dec", "--as", "host", "--db", db).exit())
                .isZero();
        FixCommandTest.Run retro = FixCommandTest.pitcrew("retro", "--workshop", "nov-25", "--config", config.toString(), "--db", db);
        assertThat(retro.exit()).as(retro.err()).isZero();
        assertThat(retro.out()).contains("workshop nov-25 (").contains("Workspaces restart").doesNotContain("Other workshop's");
        FixCommandTest.Run without = FixCommandTest.pitcrew("retro", "--workshop", "nov-25", "--config", shared.lab().config().toString(), "--db", db);
        assertThat(without.out()).as("no window configured: only incidents declared with --workshop nov-25").doesNotContain("Workspaces restart");
    }
}
