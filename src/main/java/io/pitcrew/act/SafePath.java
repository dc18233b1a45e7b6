package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pitcrew.store.AuditEntry;
import io.pitcrew.store.AuditLog;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one path every action takes: plan → show → confirm → apply → verify → record. Writes are conditional on the
 * resourceVersion read when planning; when one fails with 409 the action plans again from what is there now, so two
 * people applying the same fix at once make one change and the second is told it is already in effect.
 */
public final class SafePath {

    /** Conflicts in a row before giving up: objects that keep changing are someone else's work in progress. */
    static final int ATTEMPTS = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Platform platform;
    private final AuditLog audit;
    private final String actor;
    private final Duration wait;
    private final Consumer<String> progress;
    private final Clock clock;

    public SafePath(Platform platform, AuditLog audit, String actor, Duration wait, Consumer<String> progress, Clock clock) {
        this.platform = platform;
        this.audit = audit;
        this.actor = actor;
        this.wait = wait;
        this.progress = progress;
        this.clock = clock;
    }

    /** Plans, and with {@code apply} applies, verifies and records. {@code reverts} names the audit row undone. */
    public Outcome run(Action action, Parameters parameters, boolean apply, OptionalLong reverts) {
        Plan plan;
        try {
            plan = action.plan(platform, parameters);
        } catch (ActionFailed e) {
            Plan none = Plan.none(action.id(), parameters);
            return apply ? record(Outcome.Result.FAILED, none, List.of(), e.getMessage(), reverts)
                    : new Outcome(Outcome.Result.FAILED, none, List.of(), OptionalLong.empty(), e.getMessage());
        }
        // A refusal is a decision worth keeping even when only planning: someone tried to go past a bound.
        if (plan.isRefused()) return record(Outcome.Result.REFUSED, plan, List.of(), plan.refusal().orElseThrow(), reverts);
        if (!apply) {
            return new Outcome(plan.inEffect() ? Outcome.Result.IN_EFFECT : Outcome.Result.PLANNED, plan, List.of(),
                    OptionalLong.empty(), plan.inEffect() ? "already in effect: nothing to do" : "dry run: nothing changed");
        }
        if (plan.inEffect()) return record(Outcome.Result.IN_EFFECT, plan, List.of(), "already in effect: nothing to do", reverts);
        return applyAndVerify(action, parameters, plan, reverts);
    }

    /**
     * Applies a plan {@link #run} made earlier without applying it (the API's plan, then its confirmation): exactly
     * its edits, conditional on the resourceVersions read when it was planned; on a conflict it plans again, as run does.
     */
    public Outcome apply(Action action, Plan plan) {
        if (!plan.action().equals(action.id())) throw new IllegalArgumentException("plan of " + plan.action() + ", not " + action.id());
        if (plan.isRefused()) return record(Outcome.Result.REFUSED, plan, List.of(), plan.refusal().orElseThrow(), OptionalLong.empty());
        if (plan.inEffect()) return record(Outcome.Result.IN_EFFECT, plan, List.of(), "already in effect: nothing to do", OptionalLong.empty());
        return applyAndVerify(action, plan.parameters(), plan, OptionalLong.empty());
    }

    private Outcome applyAndVerify(Action action, Parameters parameters, Plan first, OptionalLong reverts) {
        List<Edit> written = new ArrayList<>();
        List<Change> applied = new ArrayList<>();
        Plan plan = first;
        Plan undoFrom = null; // the plan whose "before" values the first write replaced: what a revert restores
        for (int attempt = 1; ; attempt++) {
            try {
                for (Edit edit : plan.edits()) {
                    write(edit);
                    written.add(edit);
                    applied.addAll(changesOf(plan, edit));
                    if (undoFrom == null) undoFrom = plan;
                }
                break;
            } catch (KubernetesClientException conflict) {
                // Platform.call lets only a 409 through: someone changed an object since it was read. Never
                // overwrite it: read again, plan again.
                if (attempt == ATTEMPTS) {
                    return record(Outcome.Result.FAILED, plan, applied, "the objects kept changing while this fix was applied ("
                            + ATTEMPTS + " conflicts); nothing was overwritten. Look at who else is changing them, then try again", reverts);
                }
                progress.accept("changed by someone else since it was read; planning again (" + attempt + "/" + ATTEMPTS + ")");
                try {
                    plan = action.plan(platform, parameters);
                } catch (ActionFailed e) {
                    return record(Outcome.Result.FAILED, plan, applied, e.getMessage(), reverts);
                }
                if (plan.isRefused()) return record(Outcome.Result.REFUSED, plan, applied, plan.refusal().orElseThrow(), reverts);
                if (plan.inEffect()) {
                    if (written.isEmpty()) {
                        return record(Outcome.Result.IN_EFFECT, plan, List.of(),
                                "already in effect: someone else made the same change while this plan was applied", reverts);
                    }
                    break;
                }
            } catch (ActionFailed e) {
                return record(Outcome.Result.FAILED, plan, applied, e.getMessage()
                        + (applied.isEmpty() ? "" : "\n  applied before the failure: " + applied.size() + " change(s), listed above"), reverts);
            }
        }
        Plan done = undoFrom == null ? plan : plan.undoneAs(undoFrom);
        Outcome recorded = record(Outcome.Result.APPLIED, done, applied, "applied", reverts);
        Optional<String> missing = verify(written);
        long id = recorded.auditId().orElseThrow();
        String detail = missing.map(m -> "applied, but not in effect after " + seconds(wait) + ": " + m).orElse("applied and verified");
        audit.append(AuditEntry.of(clock.instant(), actor, action.id(), json(parameters.values()), json(applied),
                missing.isPresent() ? "unverified" : "verified", detail).following(id));
        return new Outcome(missing.isPresent() ? Outcome.Result.UNVERIFIED : Outcome.Result.APPLIED, done, applied,
                recorded.auditId(), detail);
    }

    private void write(Edit edit) {
        switch (edit) {
            case Edit.Update u -> kube(u.region(), "update", u.before(), () -> platform.client(platform.region(u.region())).resource(u.after()).update());
            case Edit.Delete d -> kube(d.region(), "delete", d.target(), () -> platform.client(platform.region(d.region())).resource(d.target()).delete());
            case Edit.CopyImage c -> {
                ImageCopy.Copied copied = platform.registries().copier().copy(c.from(), c.to());
                progress.accept("copied " + c.from() + " to " + c.to() + ": " + copied.manifests() + " manifest(s), "
                        + copied.blobsSent() + " blob(s) sent, " + copied.blobsPresent() + " already there");
            }
        }
    }

    private void kube(String regionName, String verb, HasMetadata o, Supplier<?> op) {
        String resource = o.getKind().toLowerCase() + "s" + (o.getApiVersion().contains("/") ? "." + o.getApiVersion().split("/")[0] : "");
        platform.call(platform.region(regionName), verb, resource, o.getMetadata().getNamespace(), op);
    }

    /** Waits, bounded, until every written edit has taken effect; empty when all did, else what did not. */
    private Optional<String> verify(List<Edit> written) {
        Instant deadline = clock.instant().plus(wait);
        Instant start = clock.instant();
        String last = null;
        while (true) {
            List<String> pending = new ArrayList<>();
            for (Edit e : written) {
                try {
                    Verification.pending(platform, e).ifPresent(pending::add);
                } catch (ActionFailed ex) {
                    pending.add(ex.getMessage());
                }
            }
            if (pending.isEmpty()) return Optional.empty();
            String now = String.join("; ", pending);
            if (!clock.instant().isBefore(deadline)) return Optional.of(now);
            if (!now.equals(last)) {
                progress.accept("waiting (" + seconds(Duration.between(start, clock.instant())) + "): " + now);
                last = now;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while waiting: " + now);
            }
        }
    }

    private Outcome record(Outcome.Result result, Plan plan, List<Change> applied, String detail, OptionalLong reverts) {
        List<Change> shown = applied.isEmpty() ? plan.changes() : applied;
        AuditEntry row = audit.append(AuditEntry.of(clock.instant(), actor, plan.action(), json(plan.parameters().values()),
                        json(shown), result.id(), detail)
                .withInverse(result == Outcome.Result.APPLIED ? plan.inverse().map(SafePath::json) : Optional.empty(),
                        result == Outcome.Result.APPLIED ? plan.resumeAt() : Optional.empty())
                .reverting(reverts));
        return new Outcome(result, plan, applied, OptionalLong.of(row.id()), detail);
    }

    private static List<Change> changesOf(Plan plan, Edit edit) {
        return plan.changes().stream().filter(c -> c.region().equals(edit.region()) && c.object().equals(edit.object()) && c.changes()).toList();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    static String json(Object o) {
        return JSON.writeValueAsString(o);
    }
}
