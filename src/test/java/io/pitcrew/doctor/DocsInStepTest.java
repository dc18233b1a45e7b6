package io.pitcrew.doctor;

import io.pitcrew.lab.Scenario;
import io.pitcrew.lab.Scenarios;
import io.pitcrew.runbook.Cause;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.IncidentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/signals.md, docs/findings.md and docs/lab.md name every signal, every detected cause and every lab scenario. */
class DocsInStepTest {

    @Test
    void everySignalIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("docs/signals.md"));
        assertThat(Doctor.knownSignals()).allSatisfy(id -> assertThat(doc).contains("`" + id + "`"));
    }

    @Test
    void everyDetectedCauseIsInTheFindingsTable() throws IOException {
        String doc = Files.readString(Path.of("docs/findings.md"));
        List<String> missing = new ArrayList<>();
        for (IncidentType t : Doctor.loadRunbook(Optional.empty()).types()) {
            for (Cause c : t.causes()) {
                if (c.detect().isPresent() && !doc.contains("`" + t.id() + "` / `" + c.id() + "`") && !doc.contains("`" + c.id() + "`")) {
                    missing.add(Finding.key(t.id(), c.id()));
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyScenarioIsInTheLabsTable() throws IOException {
        String doc = Files.readString(Path.of("docs/lab.md"));
        assertThat(Scenarios.ALL).extracting(Scenario::name).allSatisfy(name -> assertThat(doc).contains("| `" + name + "` |"));
    }
}
