package io.pitcrew.store;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the PostgreSQL driver says when the server goes away, as the store says it. The live cases (a backend ended
 * mid-transaction, a server not there) are in cli.PostgresStoreFaultsTest; these are the states a real restart gives
 * that a test cannot provoke on a shared server.
 */
class StoreExceptionTest {

    static final String WHERE = "jdbc:postgresql://db.example:5432/pitcrew";

    @Test
    void aConnectionThatWentAwayMidConversationIsLostNotUnreachable() {
        for (String state : new String[] {"08006", "08003", "08007", "57P01", "57P02"}) {
            StoreException e = StoreException.explaining(WHERE, new SQLException("An I/O error occurred while sending to the backend.", state));
            assertThat(e.what()).as(state).startsWith("lost its connection to the PostgreSQL server db.example:5432");
            assertThat(e.fix()).as(state).contains("try again").contains("look before you repeat it");
        }
    }

    @Test
    void aServerStartingUpIsOneToTryAgainInAMoment() {
        StoreException e = StoreException.explaining(WHERE, new SQLException("FATAL: the database system is starting up", "57P03"));
        assertThat(e.what()).isEqualTo("cannot connect to the PostgreSQL server db.example:5432: the database system is starting up");
        assertThat(e.fix()).contains("try again in a moment");
    }

    @Test
    void aServerThatRefusesTheConnectionCannotBeConnectedTo() {
        StoreException e = StoreException.explaining(WHERE, new SQLException("Connection to db.example:5432 refused. Check that ...", "08001"));
        assertThat(e.what()).isEqualTo("cannot connect to the PostgreSQL server db.example:5432: Connection to db.example:5432 refused");
    }
}
