package io.pitcrew.incident;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteAnnouncedFindingsTest extends AnnouncedFindingsContract {

    @TempDir
    Path tmp;

    @Override
    protected String target() {
        return tmp.resolve("pitcrew.db").toString();
    }
}
