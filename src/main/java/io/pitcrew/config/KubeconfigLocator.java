package io.pitcrew.config;

import java.nio.file.Path;

/** TEMPORARY until the config branch lands. */
public final class KubeconfigLocator {
    private KubeconfigLocator() {}
    public static Path locate(Path explicit) { return explicit; }
}
