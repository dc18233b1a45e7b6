package io.pitcrew.runbook;

import io.pitcrew.config.Names;
import io.pitcrew.doctor.Doctor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/runbook.md is generated; this fails when the YAML changed and the document was not re-rendered. */
class RunbookDocumentTest {

    @Test
    void docsRunbookIsTheRenderedRunbook() throws Exception {
        String rendered = new RunbookRenderer(Names.defaults()).render(Doctor.loadRunbook(Optional.empty()));
        String committed = Files.readString(Path.of("docs/runbook.md"));
        assertThat(committed)
                .as("docs/runbook.md is stale: run ./pitcrew runbook render -o docs/runbook.md")
                .isEqualTo(rendered);
    }

    @Test
    void everyIncidentTypeAndDetectedCauseHasAnAnchor() {
        Runbook runbook = Doctor.loadRunbook(Optional.empty());
        String md = new RunbookRenderer(Names.defaults()).render(runbook);
        for (IncidentType t : runbook.types()) {
            assertThat(md).contains("<a id=\"" + t.anchor() + "\"></a>");
            for (Cause c : t.causes()) assertThat(md).contains("`" + c.id() + "`");
        }
        assertThat(md).doesNotContain("{context}").doesNotContain("jsonpath='{.data}'");
    }

    @Test
    void eachCauseShowsItsFixActionsWithPlaceholdersAndACauseWithoutShowsNone() {
        String md = new RunbookRenderer(Names.defaults()).render(Doctor.loadRunbook(Optional.empty()));
        assertThat(md).contains("| `image-version-mismatch` | Image version mismatch between control plane and proxy clusters | all of "
                        + "`coder-image-mismatch` | P1 | `sync-mirror`, `restart-coder` |")
                .contains("| `dns-propagation-delay` | DNS propagation delays | not yet: diagnose by hand | P2 | — |")
                .contains("With pitcrew (each shows its plan; `--yes` applies it): `pitcrew fix sync-mirror`, then "
                        + "`pitcrew fix restart-coder --region <region>`\n")
                .contains("`pitcrew fix delete-workspace-pod --region <region> -n <namespace> --pod <pod>`");
    }
}
