package io.pitcrew.server.api;

import io.pitcrew.act.Action;
import io.pitcrew.act.Plan;
import io.pitcrew.server.http.ApiError;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans made over the API, waiting for their confirmation: each is applied at most once and only within
 * {@link #LIFETIME} of being made, so what is confirmed is a plan the responder has just seen.
 */
final class PlannedActions {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A plan waiting to be applied, with the incident whose timeline records it. */
    record Planned(String id, Action action, Plan plan, Optional<String> incident, Optional<String> finding,
                   String plannedBy, Instant expires) {}

    private final Map<String, Planned> waiting = new ConcurrentHashMap<>();
    private final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    PlannedActions(Clock clock) {
        this.clock = clock;
    }

    Planned add(Action action, Plan plan, Optional<String> incident, Optional<String> finding, String plannedBy) {
        Instant now = clock.instant();
        waiting.values().removeIf(p -> !p.expires().isAfter(now));
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        Planned p = new Planned(Base64.getUrlEncoder().withoutPadding().encodeToString(b), action, plan, incident, finding,
                plannedBy, now.plus(LIFETIME));
        waiting.put(p.id(), p);
        return p;
    }

    /** The plan to apply now, removed so it is never applied twice; 404 when unknown, 409 when used or expired. */
    Planned take(String id) {
        Planned p = waiting.remove(id);
        if (p == null) {
            if (taken.contains(id)) throw ApiError.conflict("plan " + id + " was applied already: a plan is applied once; plan again");
            throw ApiError.notFound("no plan " + id + " (plans expire after " + LIFETIME.toMinutes() + " min): POST /api/actions/plan first");
        }
        taken.add(id);
        if (!p.expires().isAfter(clock.instant())) {
            throw ApiError.conflict("plan " + id + " expired at " + p.expires() + ": plan again and apply what you see now");
        }
        return p;
    }
}
