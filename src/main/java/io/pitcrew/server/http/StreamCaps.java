package io.pitcrew.server.http;

/**
 * How many server-sent-event streams ({@code /api/stream} and {@code /status/stream} together) serve keeps open.
 *
 * @param perClient streams one client address may hold open. Generous, because everyone behind a venue's NAT or a
 *                  reverse proxy shares one address (one browser holds at most about six).
 * @param total     streams open at once, whoever holds them: each is a socket, and the descriptors must last
 */
public record StreamCaps(int perClient, int total) {

    public static final int DEFAULT_PER_CLIENT = 100;
    public static final int DEFAULT_TOTAL = 1000;
    public static final StreamCaps DEFAULT = new StreamCaps(DEFAULT_PER_CLIENT, DEFAULT_TOTAL);

    public StreamCaps {
        if (perClient < 1) throw new IllegalArgumentException("--max-streams-per-client " + perClient + ": at least 1");
        if (total < 1) throw new IllegalArgumentException("--max-streams " + total + ": at least 1");
    }
}
