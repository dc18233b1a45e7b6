package io.pitcrew.doctor;

import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Kind;
import io.pitcrew.runbook.Severity;
import io.pitcrew.runbook.SuggestedFix;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The report document both ways: what serve writes, doctor reads back into the same records, so every format renders
 * it as it renders a sweep; anything short of a whole report is refused saying what is missing, never shown half.
 */
class ReportJsonTest {

    static final DoctorReport REPORT = TableReportTest.REPORT;

    @Test
    void aReportReadsBackEqualAndRendersTheSameInEveryView() {
        DoctorReport served = REPORT.from(ReportSource.served(Duration.ofMillis(1234)));
        DoctorReport back = ReportJson.read(ReportJson.write(served));
        assertThat(back).isEqualTo(served);
        assertThat(back.source()).isEqualTo(new ReportSource("serve", null, 1234L));
        assertThat(TableReport.render(back)).isEqualTo(TableReport.render(REPORT));
        assertThat(TableReport.wide(back)).isEqualTo(TableReport.wide(REPORT));
        assertThat(MarkdownReport.render(back)).isEqualTo(MarkdownReport.render(REPORT));
    }

    @Test
    void aSweepSaysSoAndADocumentWithoutASourceIsASweeps() {
        String written = ReportJson.write(REPORT);
        assertThat(written).contains("\"source\":{\"kind\":\"sweep\"}");
        String older = written.replace(",\"source\":{\"kind\":\"sweep\"}", "");
        assertThat(older).doesNotContain("source");
        assertThat(ReportJson.read(older)).isEqualTo(REPORT);
    }

    @Test
    void aRiskReadsBackAsARiskWithItsFixAndAnOlderFindingAsAnIncident() {
        Finding evicted = REPORT.findings().getFirst();
        Finding risk = new Finding("resource-contention", "provisioners-undersized", "More workspace owners than the provisioners are sized for",
                Severity.P3, List.of("us-east-2"), "us-east-2: 16 workspace owners but coder-provisioner-default runs 6 replicas", 16,
                List.of(), List.of(), "docs/runbook.md#resource-contention",
                List.of(new SuggestedFix("scale-provisioners", List.of(Map.of("replicas", "10")))), Kind.RISK);
        DoctorReport withRisk = new DoctorReport(REPORT.observedAt(), REPORT.tookMillis(), REPORT.regions(), REPORT.notAsked(),
                List.of(evicted, risk));
        String written = ReportJson.write(withRisk);
        assertThat(written).contains("\"kind\":\"risk\"", "\"kind\":\"incident\"",
                "\"fixes\":[{\"action\":\"scale-provisioners\",\"suggested\":[{\"replicas\":\"10\"}]}]");
        assertThat(ReportJson.read(written)).isEqualTo(withRisk);
        // a serve from before kinds wrote none: its findings are incidents
        DoctorReport older = ReportJson.read(ReportJson.write(REPORT).replace(",\"kind\":\"incident\"", ""));
        assertThat(older.findings()).extracting(Finding::kind).containsExactly(Kind.INCIDENT);
    }

    @Test
    void fieldsANewerServeAddsAreLeft() {
        String newer = ReportJson.write(REPORT).replaceFirst("\\{", "{\"colour\":\"green\",");
        assertThat(ReportJson.read(newer)).isEqualTo(REPORT);
    }

    @Test
    void whatIsNotAWholeReportIsRefusedSayingWhat() {
        String whole = ReportJson.write(REPORT);
        assertRefused("<html>502 Bad Gateway</html>", "not JSON");
        assertRefused("{\"observedAt\": ", "not JSON");
        assertRefused("[1, 2]", "not a JSON object");
        assertRefused("{}", "a missing or unexpected value at tookMillis");
        assertRefused(ReportJson.write(REPORT).replace("\"observedAt\":\"1970-01-01T00:00:00Z\",", ""), "no observedAt");
        assertRefused("null", "empty");
        assertRefused(whole.replace("\"findings\":[", "\"findingz\":["), "no findings");
        assertRefused(whole.replace("\"severity\":\"P1\"", "\"severity\":\"P9\""), "a missing or unexpected value at findings[0].severity");
        assertRefused(whole.replace("\"severity\":\"P1\",", ""), "no findings[].severity");
        assertRefused(whole.replace("\"detail\":\"Evicted\"", "\"detail\":null"), "no findings[].evidence[].detail");
        assertRefused(whole.replace("\"gaps\":[]", "\"gaps\":[null]"), "a null in regions[].gaps");
        assertRefused(whole.replace("\"regions\":[{", "\"regions\":5,\"x\":[{"), "a missing or unexpected value at regions");
    }

    private static void assertRefused(String text, String says) {
        assertThatThrownBy(() -> ReportJson.read(text)).isInstanceOf(ReportJson.NotAReport.class).hasMessageContaining(says);
    }

    @Test
    void anErrorAnswerSaysItsError() {
        assertThat(ReportJson.apiError("{\"error\":\"a valid bearer token is required\"}")).contains("a valid bearer token is required");
        assertThat(ReportJson.apiError("<html>401</html>")).isEmpty();
        assertThat(ReportJson.apiError("{\"error\":{\"nested\":1}}")).isEmpty();
    }
}
