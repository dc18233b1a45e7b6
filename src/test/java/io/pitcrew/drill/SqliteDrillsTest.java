package io.pitcrew.drill;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteDrillsTest extends DrillsContract {

    @TempDir
    Path dir;

    @Override
    protected String target() {
        return dir.resolve("pitcrew.db").toString();
    }
}
