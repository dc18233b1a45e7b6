package io.pitcrew.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image reference split the way the distribution API needs it: which host to ask, which repository, and which
 * manifest (a tag, or a digest when one is given, since a digest pins the manifest and the tag may have moved).
 *
 * <p>Parsing follows Docker's reference grammar: the first path component is a registry host only when it has a
 * dot, a colon or is {@code localhost}; otherwise the image lives on Docker Hub, whose API host is
 * {@code registry-1.docker.io} and whose one-component names live under {@code library/}.
 *
 * @param registry   host[:port] to send API requests to
 * @param repository repository path, e.g. {@code coder/coder-preview}
 * @param tag        tag, {@code latest} when neither tag nor digest was given; null when only a digest was given
 * @param digest     {@code algorithm:hex} or null
 */
public record ImageRef(String registry, String repository, String tag, String digest) {

    static final String DOCKER_HUB = "registry-1.docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern HOST = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");

    public ImageRef {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (tag == null && digest == null) throw new IllegalArgumentException("an image reference needs a tag or a digest");
    }

    /** Parses {@code [host[:port]/]path[:tag][@digest]}; a reference without tag or digest means {@code :latest}. */
    public static ImageRef parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty image reference");
        String rest = text.strip();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches() || (digest.startsWith("sha256:") && !SHA256.matcher(digest).matches())) {
                throw bad(text, "digest '" + digest + "' is not algorithm:hex (sha256 needs 64 lowercase hex digits)");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) throw bad(text, "tag '" + tag + "' must be 1-128 of [A-Za-z0-9_.-], not starting with . or -");
        }
        if (tag == null && digest == null) tag = "latest";

        String registry = "docker.io";
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                path = rest.substring(slash + 1);
                if (!HOST.matcher(registry).matches()) throw bad(text, "registry host '" + registry + "' is not host[:port]");
            }
        }
        if (path.isEmpty()) throw bad(text, "no repository name");
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw bad(text, "repository component '" + component + "' must be lowercase letters and digits, separated by . _ __ or -");
            }
        }
        if (registry.equals("docker.io") || registry.equals("index.docker.io")) {
            registry = DOCKER_HUB;
            if (!path.contains("/")) path = "library/" + path;
        }
        if (registry.length() + 1 + path.length() > 255) throw bad(text, "name longer than 255 characters");
        return new ImageRef(registry, path, tag, digest);
    }

    /** What goes after {@code /manifests/}: the digest when there is one, else the tag. */
    public String reference() {
        return digest != null ? digest : tag;
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid image reference '" + text + "': " + why);
    }
}
