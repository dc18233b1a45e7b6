package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pitcrew.yaml's workshops: and workspace:, read and refused as the rest of the file is: every problem with its line and a fix. */
class WorkshopsConfigTest {

    private static final String REGIONS = "regions:\n  - {name: us-east-2, role: control-plane, domain: ai.coder.com}\n";

    private static PitcrewConfig load(String yaml) {
        return ConfigLoader.parse("pitcrew.yaml", REGIONS + yaml);
    }

    private static List<Problem> problems(String yaml) {
        try {
            load(yaml);
        } catch (InvalidInputException e) {
            return e.problems();
        }
        throw new AssertionError("loaded without a problem");
    }

    @Test
    void workshopsAreWindowsWithOffsetsInStartOrder() {
        PitcrewConfig c = load("""
                workshops:
                  - {name: later, start: "2026-11-26T10:00:00Z", end: "2026-11-26T14:00:00Z", participants: 12}
                  - {name: ai-agents-nov, start: 2026-11-25T10:00:00+01:00, end: 2026-11-25T16:00:00+01:00, participants: 40}
                workspace: {cpu: 3500m, memory: 6Gi}
                """);
        assertThat(c.workshops().names()).containsExactly("ai-agents-nov", "later");
        Workshop w = c.workshops().named("ai-agents-nov").orElseThrow();
        assertThat(w.start()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(w.length()).isEqualTo(Duration.ofHours(6));
        assertThat(w.participants()).isEqualTo(40);
        assertThat(c.workspace()).contains(new WorkspaceRequests("3500m", "6Gi"));
        assertThat(load("").workshops().windows()).isEmpty();
        assertThat(load("").workspace()).isEmpty();
    }

    @Test
    void theCurrentWorkshopIsTheRunningOneElseTheNextWithinTheLead() {
        Workshops ws = load("""
                workshops:
                  - {name: morning, start: "2026-11-25T08:00:00Z", end: "2026-11-25T12:00:00Z", participants: 10}
                  - {name: afternoon, start: "2026-11-25T13:00:00Z", end: "2026-11-25T17:00:00Z", participants: 40}
                """).workshops();
        Duration lead = Duration.ofHours(2);
        assertThat(ws.current(Instant.parse("2026-11-25T11:59:00Z"), lead)).map(Workshop::name).contains("morning");
        assertThat(ws.current(Instant.parse("2026-11-25T12:30:00Z"), lead)).map(Workshop::name).contains("afternoon");
        assertThat(ws.current(Instant.parse("2026-11-25T05:00:00Z"), lead)).isEmpty();
        assertThat(ws.current(Instant.parse("2026-11-25T17:00:00Z"), lead)).as("the end is exclusive").isEmpty();
        assertThat(ws.lastEnded(Instant.parse("2026-11-25T18:00:00Z"))).map(Workshop::name).contains("afternoon");
        assertThat(ws.lastEnded(Instant.parse("2026-11-25T12:30:00Z"))).map(Workshop::name).contains("morning");
    }

    @Test
    void everyMistakeIsOneProblemWithItsLineAndAFix() {
        List<Problem> p = problems("""
                workshops:
                  - {name: a, start: "2026-11-25T10:00:00", end: "2026-11-25T16:00:00Z", participants: 40}
                  - {name: a, start: "2026-11-25T10:00:00Z", end: "2026-11-25T09:00:00Z", participants: 0}
                  - {name: b, start: "2026-11-25T10:00:00Z", end: "2026-12-25T10:00:00Z", participants: 5, room: 3}
                workspace: {cpu: lots, memory: 8Gi}
                """);
        assertThat(p).extracting(Problem::render).containsExactly(
                "pitcrew.yaml:4: workshops[0].start: '2026-11-25T10:00:00' is not a time with an offset\n"
                        + "    fix: write the time with its offset, e.g. start: 2026-11-25T10:00:00+01:00 (or ...Z for UTC)",
                "pitcrew.yaml:5: workshops[1].participants: must be at least 1, got 0\n"
                        + "    fix: use a whole number from 1 to 10000 (how many people take part, e.g. participants: 40)",
                "pitcrew.yaml:5: workshops[1].name: workshop 'a' is already workshops[0]\n    fix: give each workshop its own name",
                "pitcrew.yaml:5: workshops[1].end: ends at 2026-11-25T09:00:00Z, not after its start 2026-11-25T10:00:00Z\n"
                        + "    fix: write an end after the start",
                "pitcrew.yaml:6: workshops[2].room: unknown key 'room'\n    fix: remove it; valid keys here: name, start, end, participants",
                "pitcrew.yaml:6: workshops[2].end: lasts 720h, more than a week\n    fix: a workshop is at most a week: check the dates",
                "pitcrew.yaml:7: workspace.cpu: 'lots' is not a positive Kubernetes quantity\n"
                        + "    fix: write a workspace's cpu request, like 4 or 3500m; the default is 4");
    }

    @Test
    void theSizingAndWindowThresholdsAreReadAsTheOthers() {
        Thresholds d = load("").thresholds();
        assertThat(d.litellmUsersPerReplica()).isEqualTo(8);
        assertThat(d.litellmBaseline()).isEqualTo(4);
        assertThat(d.workshopLead()).isEqualTo(Duration.ofHours(2));
        Thresholds t = load("thresholds: {litellmUsersPerReplica: 10, litellmBaseline: 6, workshopLead: 90m}\n").thresholds();
        assertThat(List.of(t.litellmUsersPerReplica(), t.litellmBaseline())).containsExactly(10, 6);
        assertThat(t.workshopLead()).isEqualTo(Duration.ofMinutes(90));

        assertThat(problems("""
                thresholds:
                  litellmUsersPerReplica: 0
                  workshopLead: soon
                """)).extracting(Problem::render).containsExactly(
                "pitcrew.yaml:4: thresholds.litellmUsersPerReplica: must be at least 1, got 0\n"
                        + "    fix: use a whole number from 1 to 10000 (concurrent users one LiteLLM replica serves); the default is 8",
                "pitcrew.yaml:5: thresholds.workshopLead: 'soon' is not a duration\n"
                        + "    fix: write a duration like 500ms, 90s, 5m, 4h, 1d or 1h30m; the default is 2h");
    }

    @Test
    void aListIsAListAndAMappingAMapping() {
        assertThat(problems("workshops: {name: a}\n")).singleElement().satisfies(p ->
                assertThat(p.render()).startsWith("pitcrew.yaml:3: workshops: expected a list of workshops, got a mapping"));
        assertThatThrownBy(() -> load("workspace: 4\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pitcrew.yaml:3: workspace: expected a mapping of workspace, got 4");
    }
}
