package io.pitcrew.server.detection;

import java.util.regex.Pattern;

/** The Lease {@code pitcrew serve --lease NAMESPACE/NAME} elects its leader with, in the control-plane region. */
public record LeaseName(String namespace, String name) {

    // DNS-1123: a namespace is a label, a Lease's name a subdomain
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** {@code NAMESPACE/NAME}, as {@code --lease} takes it. */
    public static LeaseName parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + t + "' names no namespace: write NAMESPACE/NAME, e.g. pitcrew/pitcrew-serve");
        }
        String namespace = t.substring(0, slash);
        String name = t.substring(slash + 1);
        if (!LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("'" + namespace + "' is not a namespace name: lower-case letters, digits and '-', "
                    + "at most 63 (write NAMESPACE/NAME, e.g. pitcrew/pitcrew-serve)");
        }
        if (!SUBDOMAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a Lease name: lower-case letters, digits, '-' and '.', "
                    + "at most 253 (write NAMESPACE/NAME, e.g. pitcrew/pitcrew-serve)");
        }
        return new LeaseName(namespace, name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
