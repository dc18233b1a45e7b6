package io.pitcrew.cli;

import io.pitcrew.lab.Lab;
import io.pitcrew.lab.LabKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The incident's timeline fills itself from doctor and pitcrew fix, on the lab, without anyone typing it. */
class IncidentOnTheLabTest {

    static String[] on(Lab lab, Path db, String... args) {
        return LabKit.args(lab, db, args);
    }

    @Test
    void declaredFromDoctorAndFixedWithPitcrewFixTheTimelineSaysSo(@TempDir Path tmp) {
        Path db = tmp.resolve("pitcrew.db");
        try (Lab lab = Lab.start(tmp.resolve("lab"), "provisioner-shortage", 30)) {
            FixCommandTest.Run declared = FixCommandTest.pitcrew(on(lab, db, "incident", "declare",
                    "--from-finding", "provisioner-failures/insufficient-provisioners", "--as", "alice"));
            assertThat(declared.exit()).as(declared.out() + declared.err()).isZero();
            assertThat(declared.out()).contains("INC-1").contains("investigating");

            FixCommandTest.Run doctor = FixCommandTest.pitcrew(on(lab, db, "doctor"));
            assertThat(doctor.err()).contains("open incident: INC-1");
            assertThat(doctor.out()).doesNotContain("INC-1");

            FixCommandTest.Run dryRun = FixCommandTest.pitcrew(on(lab, db, "fix", "scale-provisioners"));
            assertThat(dryRun.exit()).isZero();
            FixCommandTest.Run applied = FixCommandTest.pitcrew(on(lab, db, "fix", "scale-provisioners", "--yes", "--as", "bob"));
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            assertThat(applied.err()).contains("recorded on the timeline of INC-1");
            FixCommandTest.Run refused = FixCommandTest.pitcrew(on(lab, db, "fix", "scale-provisioners", "--replicas", "99", "--yes",
                    "--incident", "INC-1", "--as", "bob"));
            assertThat(refused.exit()).isEqualTo(3);

            FixCommandTest.Run shown = FixCommandTest.pitcrew(on(lab, db, "incident", "show"));
            assertThat(shown.out())
                    .contains("finding linked: provisioner-failures/insufficient-provisioners")
                    .contains("bob    action    pitcrew fix scale-provisioners applied (audit #1): applied and verified")
                    .contains("6 → 10")
                    .contains("pitcrew fix scale-provisioners refused (audit #3)")
                    .contains("workaround    pitcrew fix scale-provisioners applied (audit #1)");
            assertThat(shown.out()).doesNotContain("planned");

            FixCommandTest.Run unknown = FixCommandTest.pitcrew(on(lab, db, "fix", "scale-provisioners", "--yes", "--incident", "INC-7"));
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("no incident INC-7");
        }
    }
}
