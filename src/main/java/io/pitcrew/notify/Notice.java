package io.pitcrew.notify;

import io.pitcrew.config.Contacts.Contact;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;

import java.time.Instant;
import java.util.List;

/**
 * An event worth telling people about: an incident's (issue 6, item 4: the runbook's "update team in dedicated
 * incident channel", "provide status updates" and "contact on-call engineer for P0/P1"), or a finding
 * {@code pitcrew serve} detected or saw resolved (issue 7).
 */
public sealed interface Notice {

    Instant at();

    /** A short verb phrase for headers and logs: "declared", "severity P2 → P1", ... */
    String headline();

    /** An incident event; each carries the incident as it is after the event. */
    sealed interface AboutIncident extends Notice {
        IncidentBrief incident();
    }

    /**
     * A finding of {@code pitcrew serve} that became {@code new}, or {@code resolved}: said once each, never while a
     * fault flaps within serve's grace. Goes to Slack only; PagerDuty pages incidents, which people declare.
     *
     * @param id the finding's id in serve ({@code incidentType/cause/regions})
     */
    record FindingChanged(String id, Finding finding, boolean resolved, Instant at) implements Notice {
        public String headline() { return resolved ? "resolved" : "new finding"; }
    }

    record Declared(IncidentBrief incident, Instant at) implements AboutIncident {
        public String headline() { return "declared"; }
    }

    record Acknowledged(IncidentBrief incident, Instant at, String by) implements AboutIncident {
        public String headline() { return "acknowledged by " + by; }
    }

    record SeverityChanged(IncidentBrief incident, Instant at, Severity from) implements AboutIncident {
        public String headline() { return "severity " + from + " → " + incident.severity(); }
    }

    record StatusChanged(IncidentBrief incident, Instant at, IncidentStatus from) implements AboutIncident {
        public String headline() { return from.id() + " → " + incident.status().id(); }
    }

    /** The runbook's participant-facing update: what users are told while impact is user-visible. */
    record ParticipantUpdate(IncidentBrief incident, Instant at, String message) implements AboutIncident {
        public String headline() { return "update"; }
    }

    /** Escalation to on-call: the contacts in the order they are called. */
    record Escalated(IncidentBrief incident, Instant at, String reason, List<Contact> contacts) implements AboutIncident {
        public Escalated {
            contacts = List.copyOf(contacts);
        }

        public String headline() { return "escalated"; }
    }

    record Resolved(IncidentBrief incident, Instant at, String rootCause) implements AboutIncident {
        public String headline() { return "resolved"; }
    }
}
