package io.pitcrew.server.access;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, kept in this process only: a random id (the cookie) names who logged in, with what role, until
 * when, and the session's CSRF token. A restart logs everyone out, which is fine for a tool run during a workshop.
 */
final class Sessions {

    static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    record Session(String id, Principal principal, Instant expires) {
        @Override
        public String toString() {
            return "Session(" + principal.name() + ", hidden)";
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A new session for the bearer of a token; the principal gets the session's own CSRF token. */
    Session start(Principal who) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expires().isAfter(now));
        Session s = new Session(random(), new Principal(who.name(), who.role(), random()), now.plus(LIFETIME));
        sessions.put(s.id(), s);
        return s;
    }

    Optional<Session> find(String id) {
        if (id == null || id.isBlank()) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        if (!s.expires().isAfter(clock.instant())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    void end(String id) {
        if (id != null) sessions.remove(id);
    }

    static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
