package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What applying a plan writes, object by object. Each edit carries the object as it was read, so the write is
 * conditional on its resourceVersion: if someone changed it since, the write fails and the plan is made again.
 */
public sealed interface Edit {

    String region();

    /** The object as read when planning. */
    HasMetadata object();

    /** Replace the object with {@code after}, which keeps the read resourceVersion. */
    record Update(String region, HasMetadata object, HasMetadata after) implements Edit {}

    /** Delete the object that was read (and no other of the same name). */
    record Delete(String region, HasMetadata object) implements Edit {}

    /** {@code deployment coder/coder}: how an object is named in plans and messages. */
    static String describe(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind().toLowerCase(java.util.Locale.ROOT) + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }
}
