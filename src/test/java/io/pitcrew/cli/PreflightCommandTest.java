package io.pitcrew.cli;

import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pitcrew preflight} as a host runs it on the lab: the "done when" (40 participants on the healthy lab
 * is a no-go naming scale-provisioners, 5 are not blocked by provisioners, after the fix it is a go), the formats, the
 * window, and bad input.
 */
class PreflightCommandTest {

    @TempDir
    static Path labDir;
    static Lab lab;
    static Path store;

    @TempDir
    Path dir;

    @BeforeAll
    static void startLab() {
        lab = Lab.start(LabKit.dir(labDir), null, 12);
        // an empty store of the test's own, so no store of the machine's user is read
        store = labDir.resolve("empty.db");
        Store.open(store).close();
    }

    @AfterEach
    void reset() {
        lab.reset();
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JsonMapper.builder().build().readTree(out);
        }

        /** The items of one check, from -o json. */
        List<JsonNode> items(String check) {
            List<JsonNode> out = new ArrayList<>();
            json().get("items").forEach(i -> { if (i.get("check").asString().equals(check)) out.add(i); });
            return out;
        }
    }

    static Run run(String... args) {
        FixCommandTest.Run r = FixCommandTest.pitcrew(args);
        return new Run(r.exit(), r.out(), r.err());
    }

    static String[] preflight(String... more) {
        return Stream.concat(Stream.of("preflight", "--config", lab.config().toString(), "--db", store.toString()), Stream.of(more))
                .toArray(String[]::new);
    }

    @Test
    void fortyParticipantsOnTheHealthyLabAreANoGoThatNamesScaleProvisioners() {
        Run r = run(preflight("--participants", "40"));
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("provisioners", "blocker", "40 participants need at least 8 default provisioners")
                .contains("  pitcrew fix scale-provisioners --replicas 10").contains("no-go: 1 blocker");

        Run json = run(preflight("--participants", "40", "-o", "json"));
        assertThat(json.json().get("verdict").asString()).isEqualTo("no-go");
        JsonNode provisioners = json.items("provisioners").getFirst();
        assertThat(provisioners.get("region").asString()).isEqualTo("us-east-2");
        assertThat(provisioners.get("status").asString()).isEqualTo("blocker");
        assertThat(provisioners.get("fix").asString()).isEqualTo("pitcrew fix scale-provisioners --replicas 10");
        // every item has the contract's fields, whatever its status
        json.json().get("items").forEach(i -> assertThat(i.propertyNames()).containsExactly("check", "region", "status", "detail", "fix"));
    }

    @Test
    void fiveParticipantsAreNotBlockedByProvisioners() {
        Run r = run(preflight("--participants", "5", "-o", "json"));
        assertThat(r.items("provisioners")).singleElement().satisfies(i -> {
            assertThat(i.get("status").asString()).isEqualTo("ok");
            assertThat(i.get("detail").asString()).contains("5 participants need the baseline of 6", "runs 6 (6 ready)");
        });
        assertThat(r.json().get("verdict").asString()).isEqualTo("go");
        assertThat(r.exit()).isZero();
    }

    @Test
    void afterTheFixPreflightSaysGo() {
        Run fix = run("fix", "scale-provisioners", "--replicas", "10", "--yes", "--as", "host", "--config", lab.config().toString(),
                "--db", dir.resolve("audit.db").toString());
        assertThat(fix.exit()).as(fix.out() + fix.err()).isZero();
        Run r = run(preflight("--participants", "40", "-o", "json"));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.json().get("verdict").asString()).isEqualTo("go");
        assertThat(r.items("provisioners").getFirst().get("detail").asString()).contains("runs 10 (10 ready)");
    }

    @Test
    void aRotationDueInsideTheWindowIsARiskWithThePauseUntilItsEnd() {
        // the healthy lab's rotator rotated about three hours ago and announced the next in 4h24m: in about 80 minutes
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Run r = run(preflight("--participants", "5", "--start", start.toString(), "--duration", "3h", "-o", "json"));
        JsonNode rotation = r.items("key-rotation").getFirst();
        assertThat(rotation.get("status").asString()).isEqualTo("risk");
        assertThat(rotation.get("detail").asString()).contains("next rotation due", "next rotation in 4h24m", "restarts every workspace");
        assertThat(rotation.get("fix").asString()).isEqualTo("pitcrew fix pause-key-rotation --until " + start.plusSeconds(3 * 3600));
        assertThat(r.exit()).as("a risk is not a blocker").isZero();

        Run shortOne = run(preflight("--participants", "5", "--duration", "30m", "-o", "json"));
        assertThat(shortOne.items("key-rotation").getFirst().get("status").asString()).isEqualTo("ok");
        assertThat(shortOne.items("key-rotation").getFirst().get("detail").asString()).startsWith("no rotation due between");
    }

    @Test
    void aConfiguredWorkshopGivesItsWindowAndParticipants() throws Exception {
        Instant start = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        Path config = withWorkshops("workshops:\n  - {name: ai-agents-nov, start: " + start + ", end: " + start.plusSeconds(4 * 3600)
                + ", participants: 40}\n");
        Run r = run("preflight", "--config", config.toString(), "--db", store.toString(), "--workshop", "ai-agents-nov", "-o", "json");
        JsonNode w = r.json().get("workshop");
        assertThat(w.get("name").asString()).isEqualTo("ai-agents-nov");
        assertThat(w.get("participants").asInt()).isEqualTo(40);
        assertThat(w.get("start").asString()).isEqualTo(start.toString());
        assertThat(r.exit()).isEqualTo(1);

        Run fewer = run("preflight", "--config", config.toString(), "--db", store.toString(), "--workshop", "ai-agents-nov",
                "--participants", "5", "-o", "json");
        assertThat(fewer.json().get("workshop").get("participants").asInt()).as("the command line wins").isEqualTo(5);
        assertThat(fewer.items("provisioners").getFirst().get("status").asString()).isEqualTo("ok");
    }

    @Test
    void markdownIsForTheWorkshopsChannel() {
        Run r = run(preflight("--participants", "40", "-o", "markdown"));
        assertThat(r.out()).startsWith("## pitcrew preflight: **no-go**")
                .contains("| provisioners | us-east-2 | **blocker** |", "`pitcrew fix scale-provisioners --replicas 10`");
    }

    @Test
    void badInputIsExitTwoWithWhatToDo() throws Exception {
        Run none = run(preflight());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("give --participants N, or --workshop NAME");

        Run both = run(preflight("--participants", "5", "--end", "18:00", "--duration", "2h"));
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("give --end or --duration, not both");

        Run unknown = run(preflight("--workshop", "nope"));
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--workshop nope: no such workshop", "give --participants N");

        Run time = run(preflight("--participants", "5", "--start", "ten o'clock"));
        assertThat(time.exit()).isEqualTo(2);
        assertThat(time.err()).contains("--start 'ten o'clock' is not a time: write 10:00");

        Run zero = run(preflight("--participants", "0"));
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--participants 0: give a number from 1 to 10000");

        Run past = run(preflight("--participants", "5", "--start", "2020-01-01T10:00:00Z", "--duration", "2h"));
        assertThat(past.exit()).isEqualTo(2);
        assertThat(past.err()).contains("the workshop ended at 2020-01-01T12:00:00Z");

        Run format = run(preflight("--participants", "5", "-o", "wide"));
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("not a format of pitcrew preflight; use one of table, json, markdown");
        for (Run r : List.of(none, both, unknown, time, zero, past, format)) assertThat(r.out()).as("nothing half-written").isEmpty();
    }

    /** The lab's pitcrew.yaml with more at its end. */
    private Path withWorkshops(String yaml) throws Exception {
        Path config = lab.config().resolveSibling("with-workshops.yaml");
        Files.writeString(config, Files.readString(lab.config()) + yaml);
        return config;
    }
}
