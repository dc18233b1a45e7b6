package io.pitcrew.doctor;

import io.pitcrew.incident.DoctorFindings;
import io.pitcrew.incident.LinkedFinding;
import io.pitcrew.yaml.Mutated;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Doctor's JSON report as it comes back in — `doctor -o json | pitcrew fix from-finding -`, `incident declare
 * --findings FILE`, `doctor --server` reading serve — cut short, edited, or of another shape: read whole, or refused
 * saying what is wrong; never half-read, never another exception.
 */
class FuzzedReportTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Provide
    Arbitrary<String> reports() {
        return Mutated.json(ReportJson.write(TableReportTest.REPORT));
    }

    @Property
    void aMutatedReportIsReadWholeOrRefusedSayingWhat(@ForAll("reports") String text) {
        try {
            DoctorReport report = ReportJson.read(text);
            assertThat(report.findings()).doesNotContainNull();
            assertThat(report.regions()).doesNotContainNull();
        } catch (ReportJson.NotAReport e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("tools.jackson");
        }
    }

    @Property
    void aMutatedReportGivesFindingsToLinkOrIsRefused(@ForAll("reports") String text) {
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (JacksonException e) {
            return; // the command says "not doctor's JSON report" for this (FindingsOptions)
        }
        try {
            List<LinkedFinding> findings = DoctorFindings.of(doc);
            assertThat(findings).allSatisfy(f -> assertThat(f.id()).isNotNull());
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("doctor");
        }
    }
}
