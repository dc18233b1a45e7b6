package io.pitcrew.incident;

/**
 * What people write into an incident — notes, decisions, participant updates, reasons, root causes, titles, names —
 * checked by the incident rules, so the command line and the API refuse alike. It is bounded (a timeline line is
 * read by people, sent to Slack and shown on the status page; a megabyte note is a mistake or an attack) and holds no
 * control characters: a NUL or an escape sequence would reach terminals, Slack and the store. They are refused, not
 * silently removed, so what is stored is what was written. Texts keep newline and tab, and a carriage return (a
 * Windows line end) becomes a newline; a title, a name or a role is one line and takes neither.
 */
public final class FreeText {

    /** Characters in a note, a decision, an update, a reason, a root cause, a workaround, a follow-up. */
    public static final int LONG = 4000;
    /** Characters in a title, a name or a role. */
    public static final int SHORT = 200;

    private FreeText() {}

    /** A text of up to {@link #LONG} characters, newlines and tabs allowed; refused with what to do otherwise. */
    public static String text(String what, String text) {
        if (text == null) return null;
        return checked(what, text.replace("\r\n", "\n").replace('\r', '\n'), LONG, true);
    }

    /** One line of up to {@link #SHORT} characters. */
    public static String line(String what, String text) {
        if (text == null) return null;
        return checked(what, text, SHORT, false);
    }

    private static String checked(String what, String text, int max, boolean lines) {
        int length = text.codePointCount(0, text.length());
        if (length > max) {
            throw new TextRefused(what + " is " + length + " characters long, at most " + max + ": shorten it" + (lines ? ", or write several" : ""));
        }
        int at = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            at++;
            boolean allowed = lines && (c == '\n' || c == '\t');
            if (Character.isISOControl(c) && !allowed) {
                throw new TextRefused(what + " has a control character (U+%04X) at character %d: %s".formatted(c, at,
                        lines ? "only newline and tab may be used" : "it is one line of text"));
            }
        }
        return text;
    }

    /** Text the rules do not take: bad input (exit 2, HTTP 400), not a change refused by the incident's state. */
    public static final class TextRefused extends IllegalArgumentException {
        public TextRefused(String message) {
            super(message);
        }
    }
}
