package io.pitcrew.incident;

import io.pitcrew.store.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAnnouncedFindingsTest extends AnnouncedFindingsContract {

    @RegisterExtension
    final TestPostgres pg = new TestPostgres();

    @Override
    protected String target() { return pg.url(); }
}
