package io.pitcrew.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract on a real PostgreSQL server, each test in a schema of its own. */
class PostgresStoreTest extends StoreContract {

    @RegisterExtension
    final TestPostgres pg = new TestPostgres();

    @Override
    protected String target() { return pg.url(); }

    @Override
    protected void sql(String sql) throws SQLException { pg.sql(sql); }

    @Override
    protected Store.Vendor vendor() { return Store.Vendor.POSTGRESQL; }

    @Test
    void aServerThatIsNotThereIsAClearErrorWithoutTheUrlsSecrets() {
        assertThatThrownBy(() -> Store.open("jdbc:postgresql://127.0.0.1:1/nothing?user=u&password=hunter2&connectTimeout=2"))
                .isInstanceOf(StoreException.class).hasMessageContaining("jdbc:postgresql://127.0.0.1:1/nothing")
                .hasMessageNotContaining("hunter2");
    }
}
