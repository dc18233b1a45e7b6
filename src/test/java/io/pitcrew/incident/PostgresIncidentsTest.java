package io.pitcrew.incident;

import io.pitcrew.store.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;

class PostgresIncidentsTest extends IncidentsContract {

    @RegisterExtension
    final TestPostgres pg = new TestPostgres();

    @Override
    protected String target() { return pg.url(); }

    @Override
    protected void sql(String sql) throws SQLException { pg.sql(sql); }
}
