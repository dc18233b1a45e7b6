package io.pitcrew.server.access;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.pitcrew.server.http.JsonBody;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what: resolves the caller from a bearer token or a browser session cookie, limits token guessing,
 * protects state-changing requests against CSRF (the session's token in {@code X-CSRF-Token}, and an
 * {@code Origin} that must be this server), and checks each {@code /api/*} route's {@link RequiredRole}.
 */
public final class Access {

    static final String COOKIE = "pitcrew_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";
    private static final String PRINCIPAL = "pitcrew.principal";
    private static final Set<HandlerType> STATE_CHANGING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final Tokens tokens;
    private final Sessions sessions;
    private final FailedAttempts failures;

    public Access(Tokens tokens, Clock clock) {
        this.tokens = tokens;
        this.sessions = new Sessions(clock);
        this.failures = new FailedAttempts(clock);
    }

    /**
     * The caller, if any: the bearer of a valid {@code Authorization: Bearer} token (csrf null), else the owner of a
     * live session cookie (with the session's csrf). Counts nothing: pages call it to decide what to show.
     */
    public Optional<Principal> principal(Context ctx) {
        Principal known = ctx.attribute(PRINCIPAL);
        if (known != null) return Optional.of(known);
        String auth = ctx.header("Authorization");
        if (auth != null) return bearer(auth).flatMap(tokens::resolve);
        return sessions.find(ctx.cookie(COOKIE)).map(Sessions.Session::principal);
    }

    /** The caller of an {@code /api/*} route, which the guard has let through. */
    public static Principal current(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw new IllegalStateException("no principal: route outside the /api/* guard");
        return p;
    }

    public void register(RoutesConfig routes) {
        routes.before(this::sameOrigin);
        routes.beforeMatched("/api/*", this::guard);
        LoginPage page = new LoginPage();
        routes.get("/login", ctx -> page.show(ctx, 200, ""));
        routes.post("/login", ctx -> login(ctx, page));
        routes.post("/logout", this::logout);
        // who the caller is, and for a session the CSRF token its page sends with every change
        routes.get("/api/session", ctx -> {
            Principal p = current(ctx);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("role", p.role().label());
            m.put("csrf", p.csrf());
            JsonBody.write(ctx, 200, m);
        }, RequiredRole.VIEWER);
    }

    /** A state-changing request that says where it comes from must come from a page of this server. */
    private void sameOrigin(Context ctx) {
        if (!STATE_CHANGING.contains(ctx.method())) return;
        String origin = ctx.header("Origin");
        if (origin == null) return;
        String host = ctx.header("Host");
        String authority;
        try {
            authority = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            authority = null;
        }
        if (host == null || authority == null || !authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
            refuse(ctx, 403, "cross-origin request refused: Origin " + origin + " is not this server");
        }
    }

    private void guard(Context ctx) {
        String auth = ctx.header("Authorization");
        Optional<Principal> who;
        if (auth != null) {
            switch (failures.attempt(ctx.ip(), () -> bearer(auth).flatMap(tokens::resolve))) {
                case FailedAttempts.Attempt.LockedOut<Principal> locked -> {
                    tooMany(ctx, locked.retryAfter());
                    return;
                }
                case FailedAttempts.Attempt.Checked<Principal> checked -> who = checked.found();
            }
        } else {
            who = sessions.find(ctx.cookie(COOKIE)).map(Sessions.Session::principal);
        }
        if (who.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            refuse(ctx, 401, "a valid bearer token is required (Authorization: Bearer TOKEN), or log in at /login");
            return;
        }
        Principal p = who.get();
        if (STATE_CHANGING.contains(ctx.method()) && p.session() && !Sessions.same(p.csrf(), csrfOf(ctx))) {
            refuse(ctx, 403, "missing or wrong " + CSRF_HEADER + ": send the session's CSRF token (the page's csrf-token meta tag)");
            return;
        }
        // a route registered without a role is refused to everyone but a commander rather than open to all
        Role needed = ctx.routeRoles().stream().filter(RequiredRole.class::isInstance).map(r -> ((RequiredRole) r).role())
                .findFirst().orElse(Role.COMMANDER);
        if (!p.role().allows(needed)) {
            refuse(ctx, 403, ctx.method() + " " + ctx.path() + " needs the role " + needed.label() + "; "
                    + p.name() + " is " + p.role().label());
            return;
        }
        ctx.attribute(PRINCIPAL, p);
    }

    private void login(Context ctx, LoginPage page) {
        String token = ctx.formParam("token");
        Principal who;
        switch (failures.attempt(ctx.ip(), () -> tokens.resolve(token))) {
            case FailedAttempts.Attempt.LockedOut<Principal> locked -> {
                ctx.header("Retry-After", String.valueOf(seconds(locked.retryAfter())));
                page.show(ctx, 429, "Too many wrong tokens from your address: try again in " + seconds(locked.retryAfter()) + " s.");
                return;
            }
            case FailedAttempts.Attempt.Checked<Principal> checked when checked.found().isEmpty() -> {
                page.show(ctx, 401, "That token is not valid.");
                return;
            }
            case FailedAttempts.Attempt.Checked<Principal> checked -> who = checked.found().get();
        }
        Sessions.Session s = sessions.start(who);
        ctx.header("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + Sessions.LIFETIME.toSeconds() + (overTls(ctx) ? "; Secure" : ""));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx) {
        Optional<Sessions.Session> s = sessions.find(ctx.cookie(COOKIE));
        if (s.isPresent()) {
            if (!Sessions.same(s.get().principal().csrf(), csrfOf(ctx))) {
                refuse(ctx, 403, "missing or wrong " + CSRF_HEADER + " (or " + CSRF_FIELD + " form field)");
                return;
            }
            sessions.end(s.get().id());
        }
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private static String csrfOf(Context ctx) {
        String header = ctx.header(CSRF_HEADER);
        if (header != null) return header;
        String type = ctx.contentType();
        return type != null && type.startsWith("application/x-www-form-urlencoded") ? ctx.formParam(CSRF_FIELD) : null;
    }

    private static Optional<String> bearer(String authorization) {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        return Optional.of(authorization.substring(7).strip());
    }

    private static void tooMany(Context ctx, Duration wait) {
        ctx.header("Retry-After", String.valueOf(seconds(wait)));
        refuse(ctx, 429, "too many wrong tokens from " + ctx.ip() + ": try again in " + seconds(wait) + " s");
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static void refuse(Context ctx, int status, String message) {
        JsonBody.error(ctx, status, message);
        ctx.skipRemainingHandlers();
    }

    /**
     * Whether the browser reached serve over TLS: directly, or through the Ingress or load balancer that ends TLS in
     * front of it (X-Forwarded-Proto, as the chart's Ingress sends it). Believing the header cannot weaken a cookie:
     * Secure only keeps it off plain HTTP.
     */
    private static boolean overTls(Context ctx) {
        return ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
