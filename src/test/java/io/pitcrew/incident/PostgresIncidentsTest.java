package io.pitcrew.incident;

import io.pitcrew.store.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.SQLException;

class PostgresIncidentsTest extends IncidentsContract {

    TestPostgres pg;

    @BeforeEach
    void schema() {
        pg = TestPostgres.create();
    }

    @AfterEach
    void drop() {
        pg.close();
    }

    @Override
    protected String target() {
        return pg.url();
    }

    @Override
    protected void sql(String sql) throws SQLException {
        pg.sql(sql);
    }
}
