package io.pitcrew.observe;

import java.time.Instant;

/** One line of a container log, with the time the kubelet stamped on it (null when the source gave none). */
public record LogLine(Instant time, String text) {}
