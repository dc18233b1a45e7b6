package io.pitcrew.incident;

import java.time.Instant;
import java.util.Optional;

/**
 * The incident's clock, the six moments the retrospective's metrics are measured between (docs/incidents.md).
 *
 * @param started      when users were first affected (told by the responder; else when it was detected)
 * @param detected     when someone or something noticed (a doctor finding, a participant; else declared)
 * @param declared     when {@code pitcrew incident declare} ran
 * @param acknowledged when a responder took it ({@code ack})
 * @param mitigated    when users stopped being affected (status monitoring, or resolved)
 * @param resolved     when it was resolved with its root cause
 */
public record Times(Instant started, Instant detected, Instant declared, Optional<Instant> acknowledged,
                    Optional<Instant> mitigated, Optional<Instant> resolved) {

    public static Times declaredAt(Instant declared, Optional<Instant> started, Optional<Instant> detected) {
        Instant d = detected.orElse(declared);
        return new Times(started.orElse(d), d, declared, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Times acknowledgedAt(Instant at) {
        return new Times(started, detected, declared, Optional.of(at), mitigated, resolved);
    }

    public Times mitigatedAt(Instant at) {
        return new Times(started, detected, declared, acknowledged, Optional.of(mitigated.orElse(at)), resolved);
    }

    public Times resolvedAt(Optional<Instant> at) {
        return new Times(started, detected, declared, acknowledged, mitigated, at);
    }
}
