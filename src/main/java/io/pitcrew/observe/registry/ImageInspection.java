package io.pitcrew.observe.registry;

import java.util.List;
import java.util.Map;

/**
 * What an image is, read from its registry: the manifest's layers (and whether the registry has each blob) and what
 * its config says a container runs as and with. Or, as a value, why it could not be read.
 */
public sealed interface ImageInspection {

    /** The manifest {@code digest} (of the platform's manifest, for a multi-platform tag) and what it holds. */
    record Image(String digest, Config config, List<Layer> layers) implements ImageInspection {}

    /** The registry did not give the image: what it said instead (never {@link DigestResult.Found}). */
    record Unavailable(DigestResult why) implements ImageInspection {}

    /** One layer of the manifest: {@code present} when the registry answers for its blob. */
    record Layer(String digest, long size, String mediaType, boolean present) {}

    /**
     * The image config's runtime settings (OCI image config, {@code config}), as an image user sees them.
     *
     * @param user       {@code USER}: a name or {@code uid[:gid]}; empty means root
     * @param entrypoint {@code ENTRYPOINT}, exec form
     * @param cmd        {@code CMD}: the default arguments
     */
    record Config(String os, String architecture, String user, List<String> entrypoint, List<String> cmd, List<String> env,
                  String workingDir, Map<String, String> labels) {}
}
