package io.pitcrew.preflight;

/**
 * One line of the go / no-go: what was checked, where, how ready it is, why, and the {@code pitcrew fix ...} that
 * makes it ready.
 *
 * @param region the region it is about; null for the platform as a whole (the mirror, the incident store)
 * @param fix    a runnable {@code pitcrew fix ...} line (it shows the plan; {@code --yes} applies it); null when no
 *               action of pitcrew makes it ready (then the detail says what to do)
 */
public record Item(String check, String region, Status status, String detail, String fix) {

    /** The same line with another fix. */
    public Item withFix(String other) {
        return new Item(check, region, status, detail, other);
    }

    public static Item ok(String check, String region, String detail) {
        return new Item(check, region, Status.OK, detail, null);
    }

    public static Item risk(String check, String region, String detail, String fix) {
        return new Item(check, region, Status.RISK, detail, fix);
    }

    public static Item blocker(String check, String region, String detail, String fix) {
        return new Item(check, region, Status.BLOCKER, detail, fix);
    }
}
