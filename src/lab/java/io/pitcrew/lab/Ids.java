package io.pitcrew.lab;

import java.util.Random;
import java.util.UUID;

/**
 * Names and ids the way Kubernetes and AWS make them. Seeded, so a reset brings back the same pods under
 * the same names.
 */
final class Ids {

    /** The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes). */
    private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";
    private static final String HEX = "0123456789abcdef";

    private final Random random;

    Ids(long seed) {
        this.random = new Random(seed);
    }

    String suffix(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(SAFE.charAt(random.nextInt(SAFE.length())));
        return b.toString();
    }

    String hex(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(HEX.charAt(random.nextInt(16)));
        return b.toString();
    }

    String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    int between(int lowInclusive, int highInclusive) {
        return lowInclusive + random.nextInt(highInclusive - lowInclusive + 1);
    }
}
