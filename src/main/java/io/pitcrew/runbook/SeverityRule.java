package io.pitcrew.runbook;

import java.util.List;

/** A cause's severity: a base level, raised when enough objects or regions are affected. */
public record SeverityRule(Severity base, List<Raise> raise) {

    /** Raise to {@code to} when at least {@code affected} objects (0: any) and {@code regions} regions (0: any). */
    public record Raise(Severity to, int affected, int regions) {}

    public Severity judge(int affected, int regions) {
        Severity s = base;
        for (Raise r : raise) {
            if (affected >= r.affected() && regions >= r.regions()) s = Severity.max(s, r.to());
        }
        return s;
    }
}
