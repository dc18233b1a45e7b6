package io.pitcrew.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean 'regions'?": the valid word closest to a mistyped one, if it is close enough to be a typo. */
final class NearestKey {

    private NearestKey() {}

    static Optional<String> to(String typed, Collection<String> valid) {
        String t = typed.toLowerCase(Locale.ROOT);
        return valid.stream()
                .filter(v -> close(t, v.toLowerCase(Locale.ROOT)))
                .min(Comparator.comparingInt(v -> distance(t, v.toLowerCase(Locale.ROOT))));
    }

    private static boolean close(String typed, String valid) {
        // A typo changes a few characters; beyond a third of the word it is probably a different word.
        if (distance(typed, valid) <= Math.max(2, typed.length() / 3)) return true;
        // A shortened key ("nodeCpu", "runbok" for runbookDir) is a near-miss of the start of the valid one.
        if (typed.length() < 4) return false;
        for (int k = typed.length() - 1; k <= Math.min(valid.length(), typed.length() + 1); k++) {
            if (distance(typed, valid.substring(0, k)) <= 1) return true;
        }
        return false;
    }

    /** Edit distance counting a swap of two neighbours as one edit ("regoins" is one edit from "regions"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
