package io.pitcrew.server.access;

/**
 * Who is calling: the token's name and role. {@code csrf} is set when the caller is a browser session (cookie):
 * its state-changing requests must then carry that value in {@code X-CSRF-Token}. Bearer callers have none, since a
 * browser never attaches an Authorization header on its own.
 */
public record Principal(String name, Role role, String csrf) {

    public boolean session() {
        return csrf != null;
    }
}
