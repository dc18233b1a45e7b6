package io.pitcrew.notify;

import io.pitcrew.config.Contacts.Contact;
import io.pitcrew.runbook.Severity;

import java.time.Instant;
import java.util.List;

/**
 * An incident event worth telling people about (issue 6, item 4): the runbook's "update team in dedicated incident
 * channel", "provide status updates" and "contact on-call engineer for P0/P1". Each carries the incident as it is
 * after the event.
 */
public sealed interface Notice {

    IncidentBrief incident();

    Instant at();

    /** A short verb phrase for headers and logs: "declared", "severity P2 → P1", ... */
    String headline();

    record Declared(IncidentBrief incident, Instant at) implements Notice {
        public String headline() { return "declared"; }
    }

    record Acknowledged(IncidentBrief incident, Instant at, String by) implements Notice {
        public String headline() { return "acknowledged by " + by; }
    }

    record SeverityChanged(IncidentBrief incident, Instant at, Severity from) implements Notice {
        public String headline() { return "severity " + from + " → " + incident.severity(); }
    }

    record StatusChanged(IncidentBrief incident, Instant at, IncidentStatus from) implements Notice {
        public String headline() { return from.id() + " → " + incident.status().id(); }
    }

    /** The runbook's participant-facing update: what users are told while impact is user-visible. */
    record ParticipantUpdate(IncidentBrief incident, Instant at, String message) implements Notice {
        public String headline() { return "update"; }
    }

    /** Escalation to on-call: the contacts in the order they are called. */
    record Escalated(IncidentBrief incident, Instant at, String reason, List<Contact> contacts) implements Notice {
        public Escalated {
            contacts = List.copyOf(contacts);
        }

        public String headline() { return "escalated"; }
    }

    record Resolved(IncidentBrief incident, Instant at, String rootCause) implements Notice {
        public String headline() { return "resolved"; }
    }
}
