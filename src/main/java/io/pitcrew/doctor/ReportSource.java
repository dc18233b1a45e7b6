package io.pitcrew.doctor;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a report's diagnosis came from: doctor's own sweep, or a running {@code pitcrew serve} asked for the diagnosis
 * it keeps (doctor's warm path). Serve says how old its evaluation was when it answered, by its own clock, so the two
 * machines' clocks need not agree.
 *
 * @param kind      {@code sweep} or {@code serve}
 * @param url       serve's base URL, as doctor asked it; null for a sweep (serve leaves it to whoever asked)
 * @param ageMillis from serve's evaluation to its answer; null for a sweep
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportSource(String kind, String url, Long ageMillis) {

    public static final ReportSource SWEEP = new ReportSource("sweep", null, null);

    /** What serve says of the report it answers with: how old its evaluation is now. */
    public static ReportSource served(Duration age) {
        return new ReportSource("serve", null, age.toMillis());
    }

    /** The same, with the URL it was asked at. */
    ReportSource at(String url) {
        return new ReportSource(kind, url, ageMillis);
    }

    /** How old serve's evaluation was when it answered; empty for a sweep or a document that does not say. */
    public Optional<Duration> age() {
        return Optional.ofNullable(ageMillis).map(Duration::ofMillis);
    }
}
