package io.pitcrew.drill;

import io.pitcrew.store.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDrillsTest extends DrillsContract {

    @RegisterExtension
    final TestPostgres pg = new TestPostgres();

    @Override
    protected String target() {
        return pg.url();
    }
}
