package io.pitcrew.yaml;

/**
 * One thing wrong with a file a user gave us, said the way a user can act on it.
 *
 * @param source the file (or resource) name
 * @param line   1-based line, or 0 when the problem is about the file as a whole
 * @param path   where in the document, as a readable path like {@code regions[1].role}; empty for the whole file
 * @param message what is wrong
 * @param fix    how to fix it
 */
public record Problem(String source, int line, String path, String message, String fix) {

    /** {@code pitcrew.yaml:12: regions[1].role: 'controlplane' is not a role (fix: use control-plane or proxy)} */
    public String render() {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) b.append(':').append(line);
        b.append(": ");
        if (!path.isEmpty()) b.append(path).append(": ");
        b.append(message);
        if (fix != null && !fix.isEmpty()) b.append("\n    fix: ").append(fix);
        return b.toString();
    }
}
