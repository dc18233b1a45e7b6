package io.pitcrew.config;

import java.util.List;
import java.util.Optional;

/**
 * The runbook's "Emergency Contacts" table, and the order in which roles are escalated to.
 *
 * @param people     one row per role, in the table's order; name and contact may be blank, as in the runbook
 * @param escalation roles, first called first; every one is a role of {@code people}
 */
public record Contacts(List<Contact> people, List<String> escalation) {

    public record Contact(String role, String name, String contact) {}

    public static Contacts none() {
        return new Contacts(List.of(), List.of());
    }

    public Optional<Contact> byRole(String role) {
        return people.stream().filter(c -> c.role().equalsIgnoreCase(role)).findFirst();
    }

    /** The escalation order as contacts; with no order configured, the table's own order. */
    public List<Contact> escalationOrder() {
        if (escalation.isEmpty()) return people;
        return escalation.stream().flatMap(r -> byRole(r).stream()).toList();
    }
}
