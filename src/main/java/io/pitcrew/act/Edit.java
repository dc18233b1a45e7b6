package io.pitcrew.act;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.pitcrew.image.ImageRef;

import java.util.Locale;

/**
 * What applying a plan writes, one by one and in order. A Kubernetes edit carries the object as it was read, so the
 * write is conditional on its resourceVersion: if someone changed it since, the write fails and the plan is made
 * again.
 */
public sealed interface Edit {

    String region();

    /** How the edited thing is named in plans: {@code deployment coder/coder}, {@code image host/repo:tag}. */
    String object();

    /** Replace the object read ({@code before}) with {@code after}, which keeps the read resourceVersion. */
    record Update(String region, HasMetadata before, HasMetadata after) implements Edit {
        @Override public String object() { return describe(before); }
    }

    /** Delete the object that was read (and no other of the same name). */
    record Delete(String region, HasMetadata target) implements Edit {
        @Override public String object() { return describe(target); }
    }

    /** Copy an image registry to registry, so that {@code to} then has {@code digest}. */
    record CopyImage(ImageRef from, ImageRef to, String digest) implements Edit {
        static final String REGION = "(registry)";

        @Override public String region() { return REGION; }

        @Override public String object() { return "image " + to; }
    }

    /** {@code deployment coder/coder}: how an object is named in plans and messages. */
    static String describe(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind().toLowerCase(Locale.ROOT) + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }
}
