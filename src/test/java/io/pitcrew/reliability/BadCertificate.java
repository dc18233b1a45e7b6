package io.pitcrew.reliability;

import io.pitcrew.lab.LabTls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A server certificate that a client trusting its CA must still refuse: one that expired, or one made for another
 * host. Made by the lab's {@link LabTls}, with a CA of its own whose PEM a probe's {@code caFile} can name, so the
 * refusal is for the fault and not for an unknown CA.
 */
enum BadCertificate {
    EXPIRED("TLS: certificate expired"),
    WRONG_HOST("TLS: certificate for another host");

    final String label;

    BadCertificate(String label) {
        this.label = label;
    }

    /** A server's TLS context holding this bad certificate, and the PEM of the CA that signed it. */
    LabTls make() {
        Instant now = Instant.now();
        return switch (this) {
            // valid for a day, a week ago
            case EXPIRED -> LabTls.issue(now.minus(Duration.ofDays(8)), now.minus(Duration.ofDays(7)), List.of("localhost", "127.0.0.1"));
            // valid now, for a name that is not 127.0.0.1
            case WRONG_HOST -> LabTls.issue(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), List.of("other.example.com"));
        };
    }
}
