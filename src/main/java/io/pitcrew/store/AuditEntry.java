package io.pitcrew.store;

import io.pitcrew.redact.Credentials;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of the audit log. JSON columns are kept as text: the store does not interpret them.
 *
 * @param parameters JSON object of the action's parameters as given (never a secret value)
 * @param changes    JSON list of what the plan changes (region, object, field, before, after)
 * @param result     applied, in-effect, refused, failed, verified or unverified
 * @param inverse    JSON {action, parameters} that undoes an applied plan, when it has one
 * @param resumeAt   when a pause is to be undone ({@code pause-key-rotation --for 4h})
 * @param reverts    the row this one undoes ({@code fix revert ID})
 * @param follows    the applied row this verification belongs to
 */
public record AuditEntry(long id, Instant at, String actor, String action, String parameters, String changes,
                         String result, String detail, Optional<String> inverse, Optional<Instant> resumeAt,
                         OptionalLong reverts, OptionalLong follows) {

    /** A failure's detail may quote an API server's answer: it never puts a credential in the store. */
    public AuditEntry {
        detail = detail == null ? null : Credentials.hideSent(detail);
        changes = changes == null ? null : Credentials.hideSent(changes);
    }

    /** A row to append; the log assigns id. */
    public static AuditEntry of(Instant at, String actor, String action, String parameters, String changes,
                                String result, String detail) {
        return new AuditEntry(0, at, actor, action, parameters, changes, result, detail, Optional.empty(),
                Optional.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    public AuditEntry withInverse(Optional<String> inverse, Optional<Instant> resumeAt) {
        return new AuditEntry(id, at, actor, action, parameters, changes, result, detail, inverse, resumeAt, reverts, follows);
    }

    public AuditEntry reverting(OptionalLong reverts) {
        return new AuditEntry(id, at, actor, action, parameters, changes, result, detail, inverse, resumeAt, reverts, follows);
    }

    public AuditEntry following(long applied) {
        return new AuditEntry(id, at, actor, action, parameters, changes, result, detail, inverse, resumeAt, reverts,
                OptionalLong.of(applied));
    }
}
