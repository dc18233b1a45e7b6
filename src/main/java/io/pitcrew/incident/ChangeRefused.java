package io.pitcrew.incident;

/**
 * A change the incident's rules do not allow as asked (a P1 leaving investigating without a commander, a status
 * going back without a reason). Bad input: exit 2, with what to do instead.
 */
public class ChangeRefused extends IllegalArgumentException {
    public ChangeRefused(String message) {
        super(message);
    }
}
