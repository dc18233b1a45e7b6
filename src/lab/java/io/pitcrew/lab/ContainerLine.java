package io.pitcrew.lab;

import java.time.Instant;

/** One line a container wrote, and the time the kubelet stamped on it. */
public record ContainerLine(Instant time, String text) {}
