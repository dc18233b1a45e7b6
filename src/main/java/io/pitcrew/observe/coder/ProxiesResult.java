package io.pitcrew.observe.coder;

import java.util.List;

/**
 * What coderd said when asked for its regions. A closed set so callers handle every outcome; failures are values,
 * as everywhere in {@code observe}. None of these ever carries the session token: they end up in findings.
 */
public sealed interface ProxiesResult {

    /** The regions in coderd's order: the primary first, then the workspace proxies. */
    record Proxies(List<WorkspaceProxy> regions) implements ProxiesResult {
        public Proxies {
            regions = List.copyOf(regions);
        }
    }

    /** 401, 403 or 404, with Coder's own {@code message} (for 401: the token is wrong or expired). */
    record Rejected(int status, String message) implements ProxiesResult {}

    /**
     * No usable answer: {@code reason} is connection-refused, timeout, tls or io for transport failures, and
     * server-error (5xx) or unexpected-response (another status, a redirect, a body that is not the documented
     * shape) when coderd answered but not with regions; {@code detail} is one human line.
     */
    record Unreachable(String reason, String detail) implements ProxiesResult {}
}
