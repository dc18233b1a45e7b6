package io.pitcrew.runbook;

/** The runbook's severity levels, most severe first. */
public enum Severity {
    P0("Critical", "Complete service outage, data loss, security breach"),
    P1("High", "Significant degradation affecting multiple users"),
    P2("Medium", "Limited impact, workarounds available"),
    P3("Low", "Cosmetic issues, no user impact");

    private final String label;
    private final String definition;

    Severity(String label, String definition) {
        this.label = label;
        this.definition = definition;
    }

    public String label() { return label; }

    public String definition() { return definition; }

    /** True when this is as severe as {@code other} or more (P0 is at least P1). */
    public boolean atLeast(Severity other) { return ordinal() <= other.ordinal(); }

    public static Severity max(Severity a, Severity b) { return a.atLeast(b) ? a : b; }
}
