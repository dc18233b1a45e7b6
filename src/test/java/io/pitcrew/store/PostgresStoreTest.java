package io.pitcrew.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
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
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.where()).isEqualTo("jdbc:postgresql://127.0.0.1:1/nothing");
                    assertThat(e.what()).startsWith("cannot connect to the PostgreSQL server 127.0.0.1:1").doesNotContain("hunter2");
                    assertThat(e.fix()).doesNotContain("hunter2");
                });
    }

    @Test
    void aUrlIsShownWithoutWhereAPasswordMayBe() {
        assertThat(Store.shown("jdbc:postgresql://u:hunter2@db.example:5432/pitcrew?password=hunter2")).isEqualTo("jdbc:postgresql://db.example:5432/pitcrew");
        assertThat(Store.shown("jdbc:postgresql://db.example/pitcrew")).isEqualTo("jdbc:postgresql://db.example/pitcrew");
    }
}
