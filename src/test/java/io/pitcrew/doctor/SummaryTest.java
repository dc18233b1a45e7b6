package io.pitcrew.doctor;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The last line of every format: "healthy" only when nothing was found and every question was answered. */
class SummaryTest {

    @Test
    void aQuestionThatCouldNotBeAskedIsNotHealthy() {
        var unasked = new DoctorReport(Instant.EPOCH, 1200, List.of(), List.of("mirror 127.0.0.1:5000/coder-preview:latest: HTTP 401"), List.of());
        assertThat(Summary.of(unasked)).isEqualTo("no findings · 0/0 regions read · 1 question could not be asked · 1.20s")
                .doesNotContain("healthy");
        var answered = new DoctorReport(Instant.EPOCH, 1200, List.of(), List.of(), List.of());
        assertThat(Summary.of(answered)).startsWith("healthy: no findings");
    }
}
