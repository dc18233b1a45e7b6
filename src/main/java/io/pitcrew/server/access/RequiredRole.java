package io.pitcrew.server.access;

import io.javalin.security.RouteRole;

/** The least role a route needs, attached to the route when it is registered so the guard and the tests read it. */
public record RequiredRole(Role role) implements RouteRole {

    public static final RequiredRole VIEWER = new RequiredRole(Role.VIEWER);
    public static final RequiredRole RESPONDER = new RequiredRole(Role.RESPONDER);
    public static final RequiredRole COMMANDER = new RequiredRole(Role.COMMANDER);
}
