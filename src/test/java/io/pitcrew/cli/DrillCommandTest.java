package io.pitcrew.cli;

import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import io.pitcrew.lab.Rehearsals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drill from the command line on a running lab, as a team runs one: start (which gives nothing away), doctor sees
 * the fault, an incident is declared and acknowledged, the runbook's fix is applied, status says the fault is gone,
 * end reveals and scores it; every drill is kept and listed. Bad input is one line and exit 2.
 */
class DrillCommandTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    static Lab lab;
    static int stores;

    @BeforeAll
    static void up() {
        lab = Lab.start(LabKit.dir(tmp), null, 24);
    }

    @AfterEach
    void endWhateverRuns() {
        lab.reset();
    }

    @AfterAll
    static void down() {
        lab.close();
    }

    /** A store of its own per test: one drill runs at a time per store. */
    static Path newStore() {
        return tmp.resolve("pitcrew-" + ++stores + ".db");
    }

    static FixCommandTest.Run pitcrew(String... args) {
        return FixCommandTest.run(PitcrewLab.commandLine(), args);
    }

    /** A drill command on the test's lab and store. */
    static FixCommandTest.Run drill(Path db, String... args) {
        List<String> all = new ArrayList<>(List.of("drill"));
        all.addAll(List.of(args));
        all.addAll(List.of("--dir", lab.dir().toString(), "--db", db.toString()));
        return pitcrew(all.toArray(String[]::new));
    }

    static JsonNode status(Path db) {
        FixCommandTest.Run r = drill(db, "status", "-o", "json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void aDrillEndToEndIsScoredWithoutTheStartGivingItAway() {
        Path db = newStore();
        FixCommandTest.Run start = drill(db, "start", "--scenario", "provisioner-shortage", "--after", "0s", "--as", "facilitator");
        assertThat(start.exit()).as(start.out() + start.err()).isZero();
        assertThat(start.out()).contains("DRILL-1 armed on the lab in " + lab.dir())
                .contains("\"" + Rehearsals.byName("provisioner-shortage").orElseThrow().report() + "\"")
                .contains("pitcrew drill end --dir");
        assertThat(start.out() + start.err()).doesNotContain("provisioner-shortage").doesNotContain("insufficient-provisioners")
                .doesNotContain("provisioner-failures");

        await().atMost(PATIENCE).until(() -> status(db).path("faultAt").isString() && status(db).path("active").asBoolean());
        JsonNode running = status(db);
        assertThat(running.path("drill").asString()).isEqualTo("DRILL-1");
        assertThat(running.path("mitigated").asBoolean()).isFalse();
        assertThat(running.toString()).doesNotContain("provisioner");
        assertThat(drill(db, "status").out()).contains("DRILL-1 on the lab in").contains("still active");

        FixCommandTest.Run doctor = pitcrew(LabKit.args(lab, db, "doctor", "-o", "json"));
        assertThat(doctor.exit()).as(doctor.err()).isIn(0, 1);
        assertThat(doctor.out()).contains("insufficient-provisioners");
        FixCommandTest.Run declared = pitcrew(LabKit.args(lab, db, "incident", "declare", "--from-finding",
                "provisioner-failures/insufficient-provisioners", "--as", "alice"));
        assertThat(declared.exit()).as(declared.out() + declared.err()).isZero();
        assertThat(pitcrew(LabKit.args(lab, db, "incident", "ack", "--as", "alice")).exit()).isZero();
        FixCommandTest.Run refused = pitcrew(LabKit.args(lab, db, "fix", "scale-provisioners", "--replicas", "99", "--yes", "--as", "bob"));
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(3);
        FixCommandTest.Run fixed = pitcrew(LabKit.args(lab, db, "fix", "scale-provisioners", "--yes", "--as", "bob"));
        assertThat(fixed.exit()).as(fixed.out() + fixed.err()).isZero();

        await().atMost(PATIENCE).until(() -> status(db).path("mitigated").asBoolean());
        assertThat(drill(db, "status").out()).contains("mitigated").contains("after it began");

        FixCommandTest.Run end = drill(db, "end", "-o", "json");
        assertThat(end.exit()).as(end.out() + end.err()).isZero();
        JsonNode score = JSON.readTree(end.out());
        assertThat(score.path("drill").asString()).isEqualTo("DRILL-1");
        assertThat(score.path("scenario").asString()).isEqualTo("provisioner-shortage");
        assertThat(score.path("outcome").asString()).isEqualTo("ended");
        assertThat(score.path("mitigated").asBoolean()).isTrue();
        for (String time : List.of("timeToDetect", "timeToAcknowledge", "timeToMitigate")) {
            assertThat(score.path(time).isIntegralNumber()).as(time + " in " + score).isTrue();
        }
        // the first to see it: doctor's sighting or the incident declared from its finding, whichever came first
        assertThat(score.path("detectedBy").asString()).isIn("doctor", "INC-1");
        assertThat(score.path("timeToMitigate").asLong()).isGreaterThanOrEqualTo(score.path("timeToDetect").asLong());
        assertThat(score.path("faults").get(0).path("finding").asString()).isEqualTo("provisioner-failures/insufficient-provisioners");
        assertThat(score.path("actions")).hasSize(2);
        assertThat(score.path("actions").get(1).path("action").asString()).isEqualTo("scale-provisioners");
        assertThat(score.path("actions").get(1).path("result").asString()).isEqualTo("applied");
        assertThat(score.path("actions").get(1).path("onPath").asBoolean()).isTrue();
        assertThat(score.path("wrongActions")).isEmpty();
        assertThat(score.path("refusedActions")).hasSize(1);
        assertThat(score.path("refusedActions").get(0).path("result").asString()).isEqualTo("refused");
        JsonNode path = score.path("runbook").get(0);
        assertThat(path.path("finding").asString()).isEqualTo("provisioner-failures/insufficient-provisioners");
        assertThat(path.path("taken").toString()).contains("scale-provisioners");
        assertThat(path.path("missed")).isEmpty();
        assertThat(path.path("steps")).isNotEmpty();
        assertThat(score.path("sightings").toString()).contains("\"source\":\"doctor\"").contains("\"right\":true");

        // kept: the history lists it with its times, and it is no longer running
        FixCommandTest.Run history = pitcrew("drill", "history", "--db", db.toString(), "-o", "json");
        assertThat(history.exit()).as(history.err()).isZero();
        JsonNode listed = JSON.readTree(history.out()).get(0);
        assertThat(listed.path("drill").asString()).isEqualTo("DRILL-1");
        assertThat(listed.path("scenario").asString()).isEqualTo("provisioner-shortage");
        assertThat(listed.path("outcome").asString()).isEqualTo("ended");
        assertThat(listed.path("timeToMitigate").asLong()).isEqualTo(score.path("timeToMitigate").asLong());
        assertThat(pitcrew("drill", "history", "--db", db.toString()).out()).contains("DRILL-1").contains("provisioner-shortage");
        assertThat(drill(db, "end").exit()).isEqualTo(2);
    }

    @Test
    void aRunningDrillKeepsItsFaultHiddenInHistoryAndEndsInMarkdown() {
        Path db = newStore();
        assertThat(pitcrew("drill", "history", "--db", db.toString()).out()).contains("no drills in this store yet");
        FixCommandTest.Run start = drill(db, "start", "--scenario", "node-pressure,litellm-capacity", "--after", "1h");
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("The fault begins in 1h 0m")
                .contains(Rehearsals.byName("node-pressure").orElseThrow().report())
                .contains(Rehearsals.byName("litellm-capacity").orElseThrow().report())
                .doesNotContain("node-pressure").doesNotContain("litellm-capacity");

        FixCommandTest.Run table = pitcrew("drill", "history", "--db", db.toString());
        assertThat(table.out()).contains("DRILL-1").contains("(hidden until it ends)").contains("running")
                .doesNotContain("node-pressure").doesNotContain("litellm-capacity");
        JsonNode json = JSON.readTree(pitcrew("drill", "history", "--db", db.toString(), "-o", "json").out()).get(0);
        assertThat(json.path("scenario").isNull()).isTrue();
        assertThat(drill(db, "status").out()).contains("fault: not begun yet");

        FixCommandTest.Run end = drill(db, "end", "-o", "markdown");
        assertThat(end.exit()).as(end.err()).isZero();
        assertThat(end.out()).startsWith("# DRILL-1: node-pressure,litellm-capacity")
                .contains("| detect | not detected |").contains("| mitigate | not mitigated |")
                .contains("## The runbook's path: `workspace-restarts/resource-contention`")
                .contains("## The runbook's path: `litellm-auth/litellm-capacity-exceeded`")
                .contains("`scale-litellm` **missed**");
        assertThat(JSON.readTree(pitcrew("drill", "history", "--db", db.toString(), "-o", "json").out()).get(0).path("scenario").asString())
                .isEqualTo("node-pressure,litellm-capacity");
    }

    @Test
    void aResetAbortsTheDrillAndIsNoMitigation() {
        Path db = newStore();
        assertThat(drill(db, "start", "--scenario", "storage-exhaustion", "--after", "0s").exit()).isZero();
        await().atMost(PATIENCE).until(() -> status(db).path("active").asBoolean());

        assertThat(pitcrew("lab", "reset", "--dir", lab.dir().toString()).exit()).isZero();

        JsonNode aborted = status(db);
        assertThat(aborted.path("aborted").asString()).isEqualTo("the lab was reset");
        assertThat(aborted.path("mitigated").asBoolean()).isFalse();
        JsonNode score = JSON.readTree(drill(db, "end", "-o", "json").out());
        assertThat(score.path("outcome").asString()).isEqualTo("aborted");
        assertThat(score.path("mitigated").asBoolean()).isFalse();
        assertThat(score.path("timeToMitigate").isNull()).isTrue();
        assertThat(score.path("timeToDetect").isNull()).isTrue();
    }

    @Test
    void aDrillWhoseLabIsGoneIsAbandonedNotScoredForMitigation() throws Exception {
        Path db = newStore();
        Path other = tmp.resolve("short-lived-lab");
        try (Lab shortLived = Lab.start(other, null, 6)) {
            FixCommandTest.Run start = pitcrew("drill", "start", "--dir", other.toString(), "--db", db.toString(), "--random", "--after", "1h");
            assertThat(start.exit()).as(start.err()).isZero();
        }
        FixCommandTest.Run refused = pitcrew("drill", "end", "--dir", other.toString(), "--db", db.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("no lab is running in").contains("--abandon");
        FixCommandTest.Run wrongLab = drill(db, "end", "--abandon");
        assertThat(wrongLab.exit()).isEqualTo(2);
        assertThat(wrongLab.err()).contains("DRILL-1 runs on the lab in " + other.toAbsolutePath());

        FixCommandTest.Run abandoned = pitcrew("drill", "end", "--dir", other.toString(), "--db", db.toString(), "--abandon", "-o", "json");
        assertThat(abandoned.exit()).as(abandoned.err()).isZero();
        JsonNode score = JSON.readTree(abandoned.out());
        assertThat(score.path("outcome").asString()).isEqualTo("abandoned");
        assertThat(score.path("faultAt").isNull()).isTrue();
        assertThat(Rehearsals.byName(score.path("scenario").asString()).orElseThrow().fixableInLab()).as("--random picks a fixable fault").isTrue();
        assertThat(Files.exists(other.resolve("lab.json"))).isFalse();
    }

    @Test
    void withoutTheLabJarDrillSaysWhereItIs() {
        FixCommandTest.Run r = FixCommandTest.pitcrew("drill", "history");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("pitcrew drill comes with the lab").contains("java -jar pitcrew-lab.jar drill");
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        Path db = newStore();
        FixCommandTest.Run unknown = drill(db, "start", "--scenario", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--scenario nope: no such scenario; one of").contains("storage-filling");

        FixCommandTest.Run noLab = pitcrew("drill", "start", "--dir", tmp.resolve("no-lab-here").toString(), "--db", db.toString(),
                "--scenario", "key-rotation");
        assertThat(noLab.exit()).isEqualTo(2);
        assertThat(noLab.err()).contains("no lab is running in").contains("pitcrew lab up --dir");

        FixCommandTest.Run endWithoutStart = drill(db, "end");
        assertThat(endWithoutStart.exit()).isEqualTo(2);
        assertThat(endWithoutStart.err()).contains("no drill is running in").contains("nothing to end");
        assertThat(drill(db, "status").exit()).isEqualTo(2);

        assertThat(drill(db, "start", "--scenario", "healthy").err()).contains("has no fault to rehearse");
        assertThat(drill(db, "start", "--scenario", "key-rotation,key-rotation").err()).contains("names a fault twice");
        assertThat(drill(db, "start", "--scenario", "key-rotation,node-pressure,lb-pending").err()).contains("a drill has one, or 2 at once");
        assertThat(drill(db, "start", "--scenario", "key-rotation", "--random").exit()).isEqualTo(2);
        FixCommandTest.Run negative = drill(db, "start", "--scenario", "key-rotation", "--after", "2d");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--after").contains("the delay is 0 or more and at most 1d");
        // nothing of the refused starts was recorded
        assertThat(pitcrew("drill", "history", "--db", db.toString()).out()).contains("no drills in this store yet");

        assertThat(drill(db, "start", "--scenario", "key-rotation", "--after", "1h").exit()).isZero();
        FixCommandTest.Run second = drill(db, "start", "--scenario", "node-pressure");
        assertThat(second.exit()).isEqualTo(2);
        assertThat(second.err()).contains("DRILL-1 is running since").contains("end it first");
        // the lab refuses a second drill from another store, and nothing is recorded there
        Path otherStore = newStore();
        FixCommandTest.Run otherDrill = drill(otherStore, "start", "--scenario", "node-pressure");
        assertThat(otherDrill.exit()).isEqualTo(2);
        assertThat(otherDrill.err()).contains("the lab runs DRILL-1 already");
        assertThat(pitcrew("drill", "history", "--db", otherStore.toString()).out()).contains("no drills in this store yet");
        assertThat(drill(db, "end").exit()).isZero();
    }
}
