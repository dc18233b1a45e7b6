package io.pitcrew.act;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** One lab per test class (starting one takes seconds), back to its healthy base before every test. */
abstract class SharedLab {

    @TempDir
    static Path tmp;
    static FixLab fix;

    @BeforeAll
    static void start() {
        fix = new FixLab(tmp, null);
    }

    @AfterAll
    static void stop() {
        fix.close();
    }

    @BeforeEach
    void healthy() {
        fix.lab.reset();
    }
}
