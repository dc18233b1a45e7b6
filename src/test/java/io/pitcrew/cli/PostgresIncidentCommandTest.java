package io.pitcrew.cli;

import io.pitcrew.store.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresIncidentCommandTest extends IncidentCommandContract {

    @RegisterExtension
    final TestPostgres pg = new TestPostgres();

    @Override
    protected String db() { return pg.url(); }
}
