package io.pitcrew.notify;

import io.pitcrew.config.Contacts;

/**
 * The runbook's "Emergency Contacts" table, from the configuration, for {@code incident show}, the retrospective
 * and escalation notices. Blank cells stay blank, as in the runbook, so a missing on-call name is visible.
 */
public final class EmergencyContacts {

    private EmergencyContacts() {}

    /** The table in the runbook's own columns, in the order contacts are called. */
    public static String markdown(Contacts contacts) {
        StringBuilder b = new StringBuilder("| Role | Name | Contact |\n|------|------|--------|\n");
        for (Contacts.Contact c : contacts.escalationOrder()) {
            b.append("| ").append(cell(c.role())).append(" | ").append(cell(c.name())).append(" | ")
                    .append(cell(c.contact())).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
