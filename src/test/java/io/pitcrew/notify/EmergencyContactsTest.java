package io.pitcrew.notify;

import io.pitcrew.config.Contacts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmergencyContactsTest {

    @Test
    void theRunbooksTableInEscalationOrder() {
        assertThat(EmergencyContacts.markdown(NotifyFixture.CONTACTS)).isEqualTo("""
                | Role | Name | Contact |
                |------|------|--------|
                | On-Call Engineer | Riley | +1 555 0100 |
                | Infrastructure Lead | Sam | @sam |
                | Escalation Contact | jullian@coder.com |  |
                """);
    }

    @Test
    void withoutAnOrderTheTablesOwnAndCellsCannotBreakIt() {
        Contacts c = new Contacts(List.of(new Contacts.Contact("Platform Team Lead", "A|B", ""),
                new Contacts.Contact("On-Call Engineer", "", "")), List.of());
        assertThat(EmergencyContacts.markdown(c)).endsWith("| Platform Team Lead | A\\|B |  |\n| On-Call Engineer |  |  |\n");
    }
}
