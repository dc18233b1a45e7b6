package io.pitcrew.observe;

import java.time.Instant;
import java.util.List;

/**
 * What pitcrew keeps of an image pull secret: where it lives, which registries it is for, and when it was last
 * written. The credentials themselves are dropped as soon as the secret is read: secrets never leave the process,
 * and no check needs them.
 *
 * @param registries the registry hosts of its {@code .dockerconfigjson} "auths"
 * @param writtenAt  the latest of its creation and its managedFields times: a refresh by {@code kubectl apply}
 *                   keeps the creation time, so that alone would make a fresh secret look old
 */
public record PullSecret(String namespace, String name, List<String> registries, Instant writtenAt) {}
