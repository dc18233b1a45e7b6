package io.pitcrew.config;

/** One region of the platform as the runbook knows it: a kube context with a role and its public domain. */
public record Region(String name, String context, Role role, String domain) {

    public enum Role {
        CONTROL_PLANE("control-plane"), PROXY("proxy");

        private final String id;

        Role(String id) { this.id = id; }

        public String id() { return id; }

        public static Role of(String id) {
            for (Role r : values()) if (r.id.equals(id)) return r;
            return null;
        }
    }

    public boolean isControlPlane() { return role == Role.CONTROL_PLANE; }
}
