package io.pitcrew.incident;

import io.pitcrew.redact.Credentials;

import java.time.Instant;
import java.util.Locale;

/**
 * One line of the incident log. Most are written by pitcrew as things happen (declared, findings linked, fixes
 * applied, status changes, notifications); notes, decisions and participant updates are written by people.
 *
 * @param seq the line's place in its incident's log, from 1; 0 for a line not yet written
 */
public record TimelineEntry(long incident, long seq, Instant at, String actor, Kind kind, String text) {

    /** A line may quote a service's answer or a person's paste: neither puts a credential in the store. */
    public TimelineEntry {
        text = text == null ? null : Credentials.hideSent(text);
    }

    public enum Kind {
        DECLARED, FINDING, ACKNOWLEDGED, SEVERITY, STATUS, ROLE, REGION, ACTION, NOTE, DECISION, UPDATE, ESCALATED,
        NOTIFICATION, FOLLOW_UP, CHECKLIST, RESOLVED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** A line to write; the log assigns incident and seq. */
    public static TimelineEntry of(Instant at, String actor, Kind kind, String text) {
        return new TimelineEntry(0, 0, at, actor, kind, text);
    }
}
